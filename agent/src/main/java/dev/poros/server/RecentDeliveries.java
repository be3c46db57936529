package dev.poros.server;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook deliveries seen lately, by id: a forge retries a delivery, and a captured one can be
 * replayed, so a delivery seen within {@code window} is answered as a duplicate and triggers
 * nothing. At most {@code capacity} ids are kept, the oldest forgotten first.
 */
final class RecentDeliveries {
  private final long windowNanos;
  private final int capacity;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

  RecentDeliveries(Duration window, int capacity) {
    this.windowNanos = window.toNanos();
    this.capacity = capacity;
  }

  /** Whether {@code id} is new within the window (and remembers it). */
  synchronized boolean firstTime(String id) {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> oldest = it.next();
      if (now - oldest.getValue() <= windowNanos && seen.size() <= capacity) {
        break;
      }
      it.remove();
    }
    if (seen.containsKey(id)) {
      return false;
    }
    seen.put(id, now);
    return true;
  }
}
