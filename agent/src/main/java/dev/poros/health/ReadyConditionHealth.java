package dev.poros.health;

import tools.jackson.databind.JsonNode;

/**
 * Any other object that reports a {@code Ready} condition (most operators' custom resources do):
 * Ready True is Healthy; a {@code Stalled} condition that holds is Degraded; otherwise it is on its
 * way. An object with no Ready condition is healthy once it exists.
 */
final class ReadyConditionHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode object) {
    var ready = Conditions.find(object, "Ready");
    if (ready.isEmpty()) {
      return ObjectHealth.healthy();
    }
    if ("True".equals(ready.get().path("status").asString())) {
      return ObjectHealth.healthy();
    }
    String message = ready.get().path("message").asString("");
    return Conditions.isTrue(object, "Stalled")
        ? ObjectHealth.degraded(message)
        : ObjectHealth.progressing(message);
  }
}
