package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** A DaemonSet: observed, its pods updated and available on every node it wants. */
final class DaemonSetHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode d) {
    ObjectHealth unobserved = Conditions.unobserved(d, "daemon set");
    if (unobserved != null) {
      return unobserved;
    }
    if (d.at("/spec/updateStrategy/type").asString("").equals("OnDelete")) {
      return ObjectHealth.healthy();
    }
    long desired = Conditions.status(d, "desiredNumberScheduled");
    long updated = Conditions.status(d, "updatedNumberScheduled");
    long available = Conditions.status(d, "numberAvailable");
    if (updated < desired) {
      return ObjectHealth.progressing(
          "Waiting for daemon set rollout to finish: "
              + updated
              + " out of "
              + desired
              + " new pods have been updated...");
    }
    if (available < desired) {
      return ObjectHealth.progressing(
          "Waiting for daemon set rollout to finish: "
              + available
              + " of "
              + desired
              + " updated pods are available...");
    }
    return ObjectHealth.healthy();
  }
}
