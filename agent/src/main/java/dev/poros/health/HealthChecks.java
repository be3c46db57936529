package dev.poros.health;

import dev.poros.model.Health;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The health rules by group and kind, as gitops-engine's {@code GetHealthCheckFunc}: an object
 * being deleted is Progressing whatever its kind; a kind without a rule of its own is judged by its
 * {@code Ready} condition, or is healthy once it exists.
 */
public final class HealthChecks {
  /** Worst last: a resource is as healthy as its least healthy object. */
  private static final List<Health> ORDER =
      List.of(
          Health.HEALTHY,
          Health.SUSPENDED,
          Health.PROGRESSING,
          Health.MISSING,
          Health.DEGRADED,
          Health.UNKNOWN);

  private static final Map<String, HealthCheck> BY_KIND =
      Map.ofEntries(
          Map.entry("apps/Deployment", new DeploymentHealth()),
          Map.entry("apps/StatefulSet", new StatefulSetHealth()),
          Map.entry("apps/DaemonSet", new DaemonSetHealth()),
          Map.entry("apps/ReplicaSet", new ReplicaSetHealth()),
          Map.entry("/Pod", new PodHealth()),
          Map.entry("/Service", new ServiceHealth()),
          Map.entry("/PersistentVolumeClaim", new PersistentVolumeClaimHealth()),
          Map.entry("/Namespace", new NamespaceHealth()),
          Map.entry("batch/Job", new JobHealth()),
          Map.entry("networking.k8s.io/Ingress", new IngressHealth()),
          Map.entry("extensions/Ingress", new IngressHealth()),
          Map.entry("autoscaling/HorizontalPodAutoscaler", new HorizontalPodAutoscalerHealth()),
          Map.entry("apiregistration.k8s.io/APIService", new ApiServiceHealth()),
          Map.entry(
              "apiextensions.k8s.io/CustomResourceDefinition",
              new CustomResourceDefinitionHealth()));
  private static final HealthCheck OTHERS = new ReadyConditionHealth();

  private HealthChecks() {}

  /** The health of one live object. */
  public static ObjectHealth of(JsonNode object) {
    if (!object.at("/metadata/deletionTimestamp").isMissingNode()
        && !object.at("/metadata/deletionTimestamp").isNull()) {
      return ObjectHealth.progressing("Pending deletion");
    }
    String apiVersion = object.path("apiVersion").asString("");
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return BY_KIND
        .getOrDefault(group + "/" + object.path("kind").asString(""), OTHERS)
        .check(object);
  }

  /** The worst of {@code healths} (Healthy for none). */
  public static Health worst(Collection<Health> healths) {
    return healths.stream()
        .max((a, b) -> Integer.compare(ORDER.indexOf(a), ORDER.indexOf(b)))
        .orElse(Health.HEALTHY);
  }
}
