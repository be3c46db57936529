package dev.poros.health;

import dev.poros.model.Health;
import tools.jackson.databind.JsonNode;

/**
 * A Deployment: paused is Suspended; a passed progress deadline is Degraded; a rollout in flight is
 * Progressing.
 */
final class DeploymentHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode d) {
    if (d.at("/spec/paused").asBoolean(false)) {
      return new ObjectHealth(Health.SUSPENDED, "Deployment is paused");
    }
    ObjectHealth unobserved = Conditions.unobserved(d, "deployment");
    if (unobserved != null) {
      return unobserved;
    }
    boolean deadline =
        Conditions.find(d, "Progressing")
            .map(c -> "ProgressDeadlineExceeded".equals(c.path("reason").asString()))
            .orElse(false);
    long updated = Conditions.status(d, "updatedReplicas");
    long replicas = Conditions.status(d, "replicas");
    long available = Conditions.status(d, "availableReplicas");
    Long wanted = Conditions.replicas(d);
    if (deadline) {
      return ObjectHealth.degraded(
          "Deployment \""
              + d.at("/metadata/name").asString()
              + "\" exceeded its progress deadline");
    }
    if (wanted != null && updated < wanted) {
      return ObjectHealth.progressing(
          "Waiting for rollout to finish: "
              + updated
              + " out of "
              + wanted
              + " new replicas have been updated...");
    }
    if (replicas > updated) {
      return ObjectHealth.progressing(
          "Waiting for rollout to finish: "
              + (replicas - updated)
              + " old replicas are pending termination...");
    }
    if (available < updated) {
      return ObjectHealth.progressing(
          "Waiting for rollout to finish: "
              + available
              + " of "
              + updated
              + " updated replicas are available...");
    }
    return ObjectHealth.healthy();
  }
}
