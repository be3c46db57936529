package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** A StatefulSet: observed, its pods ready, its rolling update (or partition) done. */
final class StatefulSetHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode s) {
    long observed = Conditions.observedGeneration(s);
    if (observed == 0 || Conditions.generation(s) > observed) {
      return ObjectHealth.progressing("Waiting for statefulset spec update to be observed...");
    }
    Long wanted = Conditions.replicas(s);
    long ready = Conditions.status(s, "readyReplicas");
    if (wanted != null && ready < wanted) {
      return ObjectHealth.progressing("Waiting for " + (wanted - ready) + " pods to be ready...");
    }
    String strategy = s.at("/spec/updateStrategy/type").asString("");
    JsonNode rolling = s.at("/spec/updateStrategy/rollingUpdate");
    if (strategy.equals("RollingUpdate") && rolling.isObject()) {
      long updated = Conditions.status(s, "updatedReplicas");
      if (wanted != null && rolling.path("partition").isNumber()) {
        long target = wanted - rolling.path("partition").asLong();
        if (updated < target) {
          return ObjectHealth.progressing(
              "Waiting for partitioned roll out to finish: "
                  + updated
                  + " out of "
                  + target
                  + " new pods have been updated...");
        }
      }
      return ObjectHealth.healthy();
    }
    if (strategy.equals("OnDelete")) {
      return ObjectHealth.healthy();
    }
    String update = s.at("/status/updateRevision").asString("");
    if (!update.equals(s.at("/status/currentRevision").asString(""))) {
      return ObjectHealth.progressing(
          "waiting for statefulset rolling update to complete at revision " + update);
    }
    return ObjectHealth.healthy();
  }
}
