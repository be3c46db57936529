package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncLocksTest {
  @TempDir Path dir;

  @Test
  void aSecondSyncOfTheSameRepositoryWaitsForTheFirst() throws Exception {
    SyncLocks locks = new SyncLocks(dir);
    AtomicBoolean secondIn = new AtomicBoolean();
    CountDownLatch secondStarted = new CountDownLatch(1);
    Thread second;
    try (SyncLocks.Held first = locks.acquire("repo")) {
      second =
          new Thread(
              () -> {
                secondStarted.countDown();
                try (SyncLocks.Held held = locks.acquire("repo")) {
                  secondIn.set(true);
                }
              });
      second.start();
      secondStarted.await();
      await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilFalse(secondIn);
      try (SyncLocks.Held other = locks.acquire("other-repo")) {
        assertThat(other).isNotNull();
      }
    }
    await().atMost(Duration.ofSeconds(5)).untilTrue(secondIn);
    second.join();
  }
}
