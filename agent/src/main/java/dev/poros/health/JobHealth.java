package dev.poros.health;

import dev.poros.model.Health;
import tools.jackson.databind.JsonNode;

/**
 * A Job: Failed is Degraded, Complete is Healthy, a Suspended condition that holds is Suspended,
 * and without any of them it is still running.
 */
final class JobHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode job) {
    boolean failed = false;
    boolean done = false;
    boolean suspended = false;
    String failure = "";
    String message = "";
    for (JsonNode condition : job.at("/status/conditions")) {
      String text = condition.path("message").asString("");
      switch (condition.path("type").asString("")) {
        case "Failed" -> {
          failed = true;
          done = true;
          failure = text;
        }
        case "Complete" -> {
          done = true;
          message = text;
        }
        case "Suspended" -> {
          done = true;
          message = text;
          suspended |= "True".equals(condition.path("status").asString());
        }
        default -> {}
      }
    }
    if (!done) {
      return ObjectHealth.progressing(message);
    }
    if (failed) {
      return ObjectHealth.degraded(failure);
    }
    return suspended
        ? new ObjectHealth(Health.SUSPENDED, message)
        : new ObjectHealth(Health.HEALTHY, message);
  }
}
