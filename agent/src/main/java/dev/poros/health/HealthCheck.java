package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** The health rule of one kind of object: a pure function of the object as the API returns it. */
@FunctionalInterface
public interface HealthCheck {
  ObjectHealth check(JsonNode object);
}
