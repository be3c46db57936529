package dev.poros.health;

import tools.jackson.databind.JsonNode;

/**
 * A CustomResourceDefinition: Healthy once Established; names the server refused make it Degraded;
 * until then Progressing.
 */
final class CustomResourceDefinitionHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode crd) {
    var names = Conditions.find(crd, "NamesAccepted");
    if (names.isPresent() && "False".equals(names.get().path("status").asString())) {
      return ObjectHealth.degraded(names.get().path("message").asString("names not accepted"));
    }
    return Conditions.isTrue(crd, "Established")
        ? ObjectHealth.healthy()
        : ObjectHealth.progressing("waiting to be established");
  }
}
