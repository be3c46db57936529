package dev.poros.health;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reading {@code status.conditions} and the counters health rules compare. */
final class Conditions {
  private Conditions() {}

  /** The first condition of {@code type} in {@code status.conditions}. */
  static Optional<JsonNode> find(JsonNode object, String type) {
    for (JsonNode condition : object.at("/status/conditions")) {
      if (type.equals(condition.path("type").asString())) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  static boolean isTrue(JsonNode object, String type) {
    return find(object, type).map(c -> "True".equals(c.path("status").asString())).orElse(false);
  }

  /**
   * Progressing when the controller has not yet seen the object's latest spec (so its status says
   * nothing about it); null otherwise.
   */
  static ObjectHealth unobserved(JsonNode object, String what) {
    return generation(object) > observedGeneration(object)
        ? ObjectHealth.progressing(
            "Waiting for rollout to finish: observed "
                + what
                + " generation less than desired generation")
        : null;
  }

  static long generation(JsonNode object) {
    return object.at("/metadata/generation").asLong(0);
  }

  static long observedGeneration(JsonNode object) {
    return object.at("/status/observedGeneration").asLong(0);
  }

  /** A counter of {@code status} (absent: 0). */
  static long status(JsonNode object, String field) {
    return object.at("/status/" + field).asLong(0);
  }

  /** {@code spec.replicas}, or null when the object leaves it to its default. */
  static Long replicas(JsonNode object) {
    JsonNode replicas = object.at("/spec/replicas");
    return replicas.isNumber() ? replicas.asLong() : null;
  }
}
