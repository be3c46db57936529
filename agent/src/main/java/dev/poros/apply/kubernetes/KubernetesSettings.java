package dev.poros.apply.kubernetes;

import java.nio.file.Path;

/**
 * Where and how the Kubernetes executor applies: the kubeconfig ({@code null}: as kubectl finds it
 * — {@code $KUBECONFIG}, {@code ~/.kube/config}, or the pod's service account), its context ({@code
 * null}: the current one), the namespace of instance-level resources and of namespaced objects that
 * name none, whether conflicts with other field managers are forced (Git is the source of truth) or
 * reported, the image that runs a stack that names only a command, and how many independent
 * resources are applied at once.
 */
public record KubernetesSettings(
    Path kubeconfig,
    String context,
    String namespace,
    boolean forceConflicts,
    String shellImage,
    int parallelism) {
  public static final String DEFAULT_NAMESPACE = "poros-system";
  public static final String DEFAULT_SHELL_IMAGE = "busybox:1.37";
  public static final int DEFAULT_PARALLELISM = 8;

  public KubernetesSettings {
    namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
    shellImage = shellImage == null || shellImage.isBlank() ? DEFAULT_SHELL_IMAGE : shellImage;
    parallelism = parallelism <= 0 ? DEFAULT_PARALLELISM : parallelism;
  }

  public KubernetesSettings(
      Path kubeconfig, String context, String namespace, boolean forceConflicts) {
    this(kubeconfig, context, namespace, forceConflicts, DEFAULT_SHELL_IMAGE, DEFAULT_PARALLELISM);
  }

  /** These settings with what {@code target} names instead (null: these settings as they are). */
  public KubernetesSettings at(ClusterTarget target) {
    if (target == null) {
      return this;
    }
    return new KubernetesSettings(
        target.kubeconfig() == null ? kubeconfig : target.kubeconfig(),
        target.context() == null ? context : target.context(),
        target.namespace() == null ? namespace : target.namespace(),
        forceConflicts,
        shellImage,
        parallelism);
  }

  public static KubernetesSettings defaults() {
    return new KubernetesSettings(null, null, DEFAULT_NAMESPACE, true);
  }
}
