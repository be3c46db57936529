package dev.poros.apply.kubernetes;

import java.nio.file.Path;

/**
 * Where one repository applies, as its {@code kubernetes:} block in {@code poros.yaml} says: a
 * kubeconfig, a context, and the namespace of its instance-level resources and of its namespaced
 * objects that name none. A null part is the agent's.
 */
public record ClusterTarget(Path kubeconfig, String context, String namespace) {}
