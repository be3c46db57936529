package dev.poros.apply.local;

import java.time.Duration;

/**
 * How the local executor runs workflows: how many nodes of one run at once, the first retry's
 * back-off (doubling, at most a minute), and how long a stopped process gets before SIGKILL.
 */
public record RunSettings(int parallelism, Duration retryBackoff, Duration stopGrace) {
  public static RunSettings defaults() {
    return new RunSettings(
        Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(1), JobProcess.GRACE);
  }
}
