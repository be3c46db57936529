package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bench's peak heap: what was held at once, found after it is gone, never above the heap. */
class HeapPeakTest {
  @Test
  void aPeakHeldThenDroppedIsStillTheReportedPeakAndNoMoreThanTheHeap() {
    long mib = 1 << 20;
    System.gc();
    long before = usedHeap();
    try (HeapPeak peak = new HeapPeak()) {
      byte[][] held = new byte[64][];
      for (int i = 0; i < held.length; i++) {
        held[i] = new byte[(int) mib];
      }
      assertThat(held[63]).hasSize((int) mib);
      held = null;
      System.gc();

      // gone now: only the collection's report of the heap before it saw those 64 MiB
      assertThat(usedHeap()).isLessThan(before + 64 * mib);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(peak.bytes()).isGreaterThanOrEqualTo(before + 64 * mib));
      assertThat(peak.bytes()).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }
  }

  private static long usedHeap() {
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
