package dev.poros.health;

import dev.poros.model.Health;
import tools.jackson.databind.JsonNode;

/** An APIService: Healthy when Available holds; otherwise still Progressing, never Degraded. */
final class ApiServiceHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode service) {
    return Conditions.find(service, "Available")
        .map(
            c -> {
              String why = c.path("reason").asString("") + ": " + c.path("message").asString("");
              return "True".equals(c.path("status").asString())
                  ? new ObjectHealth(Health.HEALTHY, why)
                  : ObjectHealth.progressing(why);
            })
        .orElse(ObjectHealth.progressing("Waiting to be processed"));
  }
}
