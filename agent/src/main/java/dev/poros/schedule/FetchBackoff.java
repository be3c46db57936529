package dev.poros.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Consecutive failed fetches of one repository, and when polling may try again: the interval
 * doubled per failure after the first, at most ten minutes. Pushes and API calls are not held back
 * by it.
 */
public record FetchBackoff(int failures, String lastError, Instant failedAt, Duration backoff) {
  static final Duration MAX = Duration.ofMinutes(10);
  static final FetchBackoff NONE = new FetchBackoff(0, "", Instant.EPOCH, Duration.ZERO);

  FetchBackoff failed(String error, Duration interval, Instant now) {
    int count = failures + 1;
    Duration doubled = interval.multipliedBy(1L << Math.min(count - 1, 20));
    return new FetchBackoff(count, error, now, doubled.compareTo(MAX) > 0 ? MAX : doubled);
  }

  /** When polling tries again. */
  public Instant nextAttempt() {
    return failedAt.plus(backoff);
  }

  boolean holdsBack(Instant now) {
    return failures > 0 && now.isBefore(nextAttempt());
  }
}
