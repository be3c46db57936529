package dev.poros.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap this JVM used while it was open. The heap fills between collections and each
 * collection reports what it found before it ran, so the peak is the largest of those (or what is
 * used now). Summing each pool's own peak, as this bench did, overstates it: the pools peak at
 * different times (421 MiB for a run held to 256). That peak nears any limit the heap is given (a
 * collector runs when it fills): whether the heap was short shows in the full collections it took
 * ({@link #fullCollections}) and what they left ({@link #afterFullCollectionBytes}: what was live
 * then).
 */
final class HeapPeak implements AutoCloseable {
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong peakAfterFull = new AtomicLong();
  private final AtomicLong fullCollections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener =
      (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
            notification.getType())) {
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          peak.accumulateAndGet(used(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
          if ("end of major GC".equals(info.getGcAction())) {
            fullCollections.incrementAndGet();
            peakAfterFull.accumulateAndGet(
                used(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
          }
        }
      };

  HeapPeak() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  /** The full collections so far (a heap large enough takes none). */
  long fullCollections() {
    return fullCollections.get();
  }

  /** The most heap a full collection left so far, in bytes (0: none ran). */
  long afterFullCollectionBytes() {
    return peakAfterFull.get();
  }

  /** The peak so far, in bytes. */
  long bytes() {
    return Math.max(peak.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  private long used(Map<String, MemoryUsage> byPool) {
    return byPool.entrySet().stream()
        .filter(e -> heapPools.contains(e.getKey()))
        .mapToLong(e -> e.getValue().getUsed())
        .sum();
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // not added: nothing to remove
      }
    }
  }
}
