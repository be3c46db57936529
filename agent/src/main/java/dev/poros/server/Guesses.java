package dev.poros.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Wrong tokens, counted per client address over the last minute: a client that guessed {@value
 * #MAX} times is refused (429) until the minute has passed — it alone, so that someone guessing
 * cannot lock the real user out. Sign-in forms and bearer tokens count alike.
 */
final class Guesses {
  static final int MAX = 10;
  private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

  /** At most this many clients are remembered; the quietest are forgotten first past it. */
  private static final int CLIENTS = 10_000;

  private final Map<String, ArrayDeque<Long>> byClient = new HashMap<>();

  /** Whether {@code client} guessed wrong {@value #MAX} times within the last minute. */
  synchronized boolean blocked(String client) {
    ArrayDeque<Long> failures = byClient.get(client);
    if (failures == null) {
      return false;
    }
    forgetOld(failures, System.nanoTime());
    if (failures.isEmpty()) {
      byClient.remove(client);
      return false;
    }
    return failures.size() >= MAX;
  }

  synchronized void failed(String client) {
    long now = System.nanoTime();
    if (byClient.size() >= CLIENTS && !byClient.containsKey(client)) {
      byClient.values().forEach(f -> forgetOld(f, now));
      byClient.values().removeIf(ArrayDeque::isEmpty);
      if (byClient.size() >= CLIENTS) {
        byClient.clear(); // a flood of addresses: start counting afresh rather than grow
      }
    }
    byClient.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(now);
  }

  private static void forgetOld(ArrayDeque<Long> failures, long now) {
    while (!failures.isEmpty() && now - failures.peekFirst() > WINDOW_NANOS) {
      failures.pollFirst();
    }
  }
}
