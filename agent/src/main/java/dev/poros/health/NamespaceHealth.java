package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** A Namespace: Active is Healthy; Terminating is on its way out. */
final class NamespaceHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode namespace) {
    return namespace.at("/status/phase").asString("Active").equals("Active")
        ? ObjectHealth.healthy()
        : ObjectHealth.progressing("terminating");
  }
}
