package dev.poros.model;

/**
 * Where a resource type lives: inside a workspace, once per instance, or in a Kubernetes namespace.
 */
public enum Scope {
  WORKSPACE,
  INSTANCE,
  KUBERNETES
}
