package dev.poros.apply.kubernetes;

import java.nio.file.Path;

/**
 * Where and how the Kubernetes executor applies: the kubeconfig ({@code null}: as kubectl finds it
 * — {@code $KUBECONFIG}, {@code ~/.kube/config}, or the pod's service account), its context ({@code
 * null}: the current one), the namespace of instance-level resources and of namespaced objects that
 * name none, and whether conflicts with other field managers are forced (Git is the source of
 * truth) or reported.
 */
public record KubernetesSettings(
    Path kubeconfig, String context, String namespace, boolean forceConflicts) {
  public static final String DEFAULT_NAMESPACE = "poros-system";

  public KubernetesSettings {
    namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
  }

  public static KubernetesSettings defaults() {
    return new KubernetesSettings(null, null, DEFAULT_NAMESPACE, true);
  }
}
