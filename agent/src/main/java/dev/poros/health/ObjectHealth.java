package dev.poros.health;

import dev.poros.model.Health;

/** How one live object is doing, and why, in a sentence a user can act on ("" when healthy). */
public record ObjectHealth(Health health, String message) {
  public static ObjectHealth healthy() {
    return new ObjectHealth(Health.HEALTHY, "");
  }

  public static ObjectHealth progressing(String message) {
    return new ObjectHealth(Health.PROGRESSING, message);
  }

  public static ObjectHealth degraded(String message) {
    return new ObjectHealth(Health.DEGRADED, message);
  }
}
