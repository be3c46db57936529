package dev.poros.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * A kind of resource Poros manages. DataOS types are named by their {@code type:} field; plain
 * Kubernetes objects share one entry.
 */
public enum ResourceType {
  WORKFLOW("workflow", Scope.WORKSPACE, true, false),
  SERVICE("service", Scope.WORKSPACE, true, false),
  WORKER("worker", Scope.WORKSPACE, true, false),
  SECRET("secret", Scope.WORKSPACE, false, true),
  INSTANCE_SECRET("instance-secret", Scope.INSTANCE, false, true),
  DEPOT("depot", Scope.INSTANCE, false, false),
  POLICY("policy", Scope.INSTANCE, false, false),
  ADMISSION_POLICY("admission-policy", Scope.INSTANCE, false, false),
  COMPUTE("compute", Scope.INSTANCE, false, false),
  STACK("stack", Scope.INSTANCE, false, false),
  CLUSTER("cluster", Scope.WORKSPACE, false, false),
  BUNDLE("bundle", Scope.INSTANCE, false, false),
  KUBERNETES("kubernetes", Scope.KUBERNETES, false, false);

  private final String typeName;
  private final Scope scope;
  private final boolean runnable;
  private final boolean holdsSecrets;

  ResourceType(String typeName, Scope scope, boolean runnable, boolean holdsSecrets) {
    this.typeName = typeName;
    this.scope = scope;
    this.runnable = runnable;
    this.holdsSecrets = holdsSecrets;
  }

  /** The name users write in {@code type:}, and the name of the type's own section. */
  public String typeName() {
    return typeName;
  }

  public Scope scope() {
    return scope;
  }

  /** Whether resources of this type run (and so have a runtime state), not just exist. */
  public boolean runnable() {
    return runnable;
  }

  /** Whether the type's {@code data} section holds secret values that must never be shown. */
  public boolean holdsSecrets() {
    return holdsSecrets;
  }

  /**
   * Whether other resources are judged against resources of this type (stacks render their jobs,
   * admission policies admit them): these are held whole, never as stubs.
   */
  public boolean judgesOthers() {
    return this == STACK || this == ADMISSION_POLICY;
  }

  /** The DataOS type named {@code name}; Kubernetes objects are not named this way. */
  public static Optional<ResourceType> ofTypeName(String name) {
    return Arrays.stream(values())
        .filter(t -> t != KUBERNETES && t.typeName.equals(name))
        .findFirst();
  }

  /** Every DataOS type name, for messages that list what is allowed. */
  public static String typeNames() {
    return String.join(
        ", ",
        Arrays.stream(values()).filter(t -> t != KUBERNETES).map(ResourceType::typeName).toList());
  }
}
