package dev.poros.apply.local;

import java.time.Duration;

/**
 * How replicas are supervised: the first restart back-off (doubling up to {@code maxBackoff}), how
 * long a replica must run before its back-off starts over, the grace between SIGTERM and SIGKILL,
 * and how often health is checked.
 */
public record SupervisorSettings(
    Duration firstBackoff,
    Duration maxBackoff,
    Duration resetAfter,
    Duration stopGrace,
    Duration probeEvery) {
  public static SupervisorSettings defaults() {
    return new SupervisorSettings(
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }
}
