package dev.poros.health;

import dev.poros.model.Health;
import dev.poros.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A HorizontalPodAutoscaler, by its conditions in order (autoscaling/v1 keeps them in an
 * annotation): the first that says it cannot scale or read its metrics makes it Degraded, the first
 * that says it can scale makes it Healthy; until then it waits to autoscale.
 */
final class HorizontalPodAutoscalerHealth implements HealthCheck {
  private static final Set<String> DEGRADED =
      Set.of(
          "AbleToScale/FailedGetScale",
          "AbleToScale/FailedUpdateScale",
          "ScalingActive/FailedGetResourceMetric",
          "ScalingActive/InvalidSelector");
  private static final Set<String> HEALTHY_WHEN_TRUE = Set.of("AbleToScale", "ScalingLimited");

  @Override
  public ObjectHealth check(JsonNode hpa) {
    for (JsonNode condition : conditions(hpa)) {
      String type = condition.path("type").asString("");
      if (DEGRADED.contains(type + "/" + condition.path("reason").asString(""))) {
        return ObjectHealth.degraded(condition.path("message").asString(""));
      }
      if (HEALTHY_WHEN_TRUE.contains(type) && "True".equals(condition.path("status").asString())) {
        return new ObjectHealth(Health.HEALTHY, condition.path("message").asString(""));
      }
    }
    return ObjectHealth.progressing("Waiting to Autoscale");
  }

  private static List<JsonNode> conditions(JsonNode hpa) {
    List<JsonNode> conditions = new ArrayList<>();
    if (hpa.path("apiVersion").asString("").equals("autoscaling/v1")) {
      String annotation =
          hpa.at("/metadata/annotations/autoscaling.alpha.kubernetes.io~1conditions").asString("");
      if (!annotation.isEmpty()) {
        Json.parse(annotation).forEach(conditions::add);
      }
    } else {
      hpa.at("/status/conditions").forEach(conditions::add);
    }
    return conditions;
  }
}
