package dev.poros.plan;

import dev.poros.model.ResourceType;
import java.util.List;

/**
 * The order kinds are applied in when dependencies do not decide: what others use comes first.
 * Kubernetes Namespaces and CRDs precede everything; other Kubernetes kinds follow the DataOS types
 * in the order kubectl and Helm install them. Prunes run in reverse.
 */
public final class ApplyOrder {
  private static final List<String> FIRST = List.of("Namespace", "CustomResourceDefinition");

  private static final List<ResourceType> DATAOS =
      List.of(
          ResourceType.SECRET,
          ResourceType.INSTANCE_SECRET,
          ResourceType.DEPOT,
          ResourceType.COMPUTE,
          ResourceType.STACK,
          ResourceType.POLICY,
          ResourceType.ADMISSION_POLICY,
          ResourceType.CLUSTER,
          ResourceType.WORKFLOW,
          ResourceType.WORKER,
          ResourceType.SERVICE,
          ResourceType.BUNDLE);

  private static final List<String> KUBERNETES =
      List.of(
          "PriorityClass",
          "ServiceAccount",
          "Secret",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "Service",
          "DaemonSet",
          "Pod",
          "ReplicaSet",
          "Deployment",
          "StatefulSet",
          "Job",
          "CronJob",
          "Ingress");

  private ApplyOrder() {}

  /** The rank of a kind: lower goes first. {@code kind} matters for Kubernetes objects only. */
  public static int rank(ResourceType type, String kind) {
    if (type != ResourceType.KUBERNETES) {
      return FIRST.size() + DATAOS.indexOf(type);
    }
    if (FIRST.contains(kind)) {
      return FIRST.indexOf(kind);
    }
    int known = KUBERNETES.indexOf(kind);
    return FIRST.size() + DATAOS.size() + (known >= 0 ? known : KUBERNETES.size());
  }

  /** The rank of a type as written in a resource id ({@code workflow}, {@code apps/Deployment}). */
  public static int rank(String typeLabel) {
    return ResourceType.ofTypeName(typeLabel)
        .map(t -> rank(t, null))
        .orElseGet(
            () -> rank(ResourceType.KUBERNETES, typeLabel.substring(typeLabel.indexOf('/') + 1)));
  }
}
