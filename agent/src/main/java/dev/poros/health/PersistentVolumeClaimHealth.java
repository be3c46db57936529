package dev.poros.health;

import dev.poros.model.Health;
import tools.jackson.databind.JsonNode;

/** A PersistentVolumeClaim: Bound is Healthy, Pending Progressing, Lost Degraded. */
final class PersistentVolumeClaimHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode claim) {
    return switch (claim.at("/status/phase").asString("")) {
      case "Bound" -> ObjectHealth.healthy();
      case "Pending" -> ObjectHealth.progressing("waiting for a volume");
      case "Lost" -> ObjectHealth.degraded("its volume is lost");
      default -> new ObjectHealth(Health.UNKNOWN, "");
    };
  }
}
