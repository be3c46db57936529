package dev.poros.apply.local;

import java.time.Duration;

/**
 * How the local executor runs workflows: how many nodes of one run at once, the first retry's
 * back-off (doubling, at most a minute), how long a stopped process gets before SIGKILL, and the
 * size a node's log is rotated at.
 */
public record RunSettings(
    int parallelism, Duration retryBackoff, Duration stopGrace, long logCapBytes) {
  public RunSettings(int parallelism, Duration retryBackoff, Duration stopGrace) {
    this(parallelism, retryBackoff, stopGrace, CappedLog.CAP);
  }

  public static RunSettings defaults() {
    return new RunSettings(
        Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(1), JobProcess.GRACE);
  }

  /**
   * How long a node told to stop may take to end: its process's stop grace, then 10 s to record its
   * attempt. A run waits this long for its nodes, and the runner a little longer for its runs.
   */
  public Duration stoppedWithin() {
    return stopGrace.plusSeconds(10);
  }

  /** These settings with logs rotated at {@code bytes}. */
  public RunSettings withLogCap(long bytes) {
    return new RunSettings(parallelism, retryBackoff, stopGrace, bytes);
  }
}
