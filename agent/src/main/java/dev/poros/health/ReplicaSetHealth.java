package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** A ReplicaSet: observed, no replica failure, its pods available. */
final class ReplicaSetHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode r) {
    ObjectHealth unobserved = Conditions.unobserved(r, "replica set");
    if (unobserved != null) {
      return unobserved;
    }
    var failure = Conditions.find(r, "ReplicaFailure");
    if (failure.isPresent() && "True".equals(failure.get().path("status").asString())) {
      return ObjectHealth.degraded(failure.get().path("message").asString(""));
    }
    Long wanted = Conditions.replicas(r);
    long available = Conditions.status(r, "availableReplicas");
    if (wanted != null && available < wanted) {
      return ObjectHealth.progressing(
          "Waiting for rollout to finish: "
              + available
              + " out of "
              + wanted
              + " new replicas are available...");
    }
    return ObjectHealth.healthy();
  }
}
