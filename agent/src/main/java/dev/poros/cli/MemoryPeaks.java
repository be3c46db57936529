package dev.poros.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The peak heap this JVM used, over its heap pools, since the peaks were last reset. */
final class MemoryPeaks {
  private MemoryPeaks() {}

  static void reset() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of each heap pool's peak: an upper bound of the heap's own peak. */
  static long heapBytes() {
    return heapPools().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static java.util.stream.Stream<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP);
  }
}
