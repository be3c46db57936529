package dev.poros.apply.local;

import java.time.Duration;

/**
 * How replicas are supervised: the first restart back-off (doubling up to {@code maxBackoff}), how
 * long a replica must run before its back-off starts over, the grace between SIGTERM and SIGKILL,
 * how often health is checked, and the size a replica's log is rotated at.
 */
public record SupervisorSettings(
    Duration firstBackoff,
    Duration maxBackoff,
    Duration resetAfter,
    Duration stopGrace,
    Duration probeEvery,
    long logCapBytes) {
  public SupervisorSettings(
      Duration firstBackoff,
      Duration maxBackoff,
      Duration resetAfter,
      Duration stopGrace,
      Duration probeEvery) {
    this(firstBackoff, maxBackoff, resetAfter, stopGrace, probeEvery, CappedLog.CAP);
  }

  /** These settings with logs rotated at {@code bytes}. */
  public SupervisorSettings withLogCap(long bytes) {
    return new SupervisorSettings(
        firstBackoff, maxBackoff, resetAfter, stopGrace, probeEvery, bytes);
  }

  public static SupervisorSettings defaults() {
    return new SupervisorSettings(
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }
}
