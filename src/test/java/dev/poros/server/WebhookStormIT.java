package dev.poros.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.model.ResourceKey;
import dev.poros.store.SyncRecord;
import dev.poros.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks cannot storm the Git host: 2,000 signed deliveries in about ten seconds for one
 * repository make about one fetch a second, and the last commit pushed during the storm is synced;
 * one delivery replayed fifty times (the same delivery id) triggers one sync.
 */
class WebhookStormIT {
  static final String SECRET = "storm-secret";

  @TempDir Path tmp;

  static HttpResponse<String> deliver(int port, String body, String deliveryId) throws Exception {
    return Requests.HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/github"))
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", deliveryId)
            .header(
                "X-Hub-Signature-256",
                new WebhookSignature(SECRET).sign(body.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String compute(String purpose) {
    return "name: c\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  @Test
  void aStormOfDeliveriesIsATrickleOfFetchesAndAReplayIsOneSync() throws Exception {
    String push = "{\"ref\": \"refs/heads/main\"}";
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", compute("storm-0")).commit("before the storm");
      try (RunningAgent running =
          RunningAgent.of(wiring, repo, "main-repo", SECRET, null, true, true)) {
        int port = running.port();
        await().atMost(Duration.ofSeconds(20)).until(() -> running.agent.syncedEveryRepository());
        int before = wiring.stores().syncs().history(1000).size();

        AtomicReference<String> lastPushed = new AtomicReference<>();
        long start = System.nanoTime();
        List<Future<?>> sending =
            IntStream.range(0, 4)
                .mapToObj(
                    sender ->
                        senders.submit(
                            () -> {
                              for (int i = 0; i < 500; i++) {
                                // 2,000 in all, paced over about ten seconds
                                long due = start + TimeUnit.MILLISECONDS.toNanos(i * 20L);
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                  TimeUnit.NANOSECONDS.sleep(wait);
                                }
                                HttpResponse<String> answer =
                                    deliver(port, push, UUID.randomUUID().toString());
                                assertThat(answer.statusCode()).isEqualTo(202);
                              }
                              return null;
                            }))
                .<Future<?>>map(f -> f)
                .toList();
        for (int commit = 1; commit <= 4; commit++) {
          Thread.sleep(2_000); // commits land during the storm, a few seconds apart
          lastPushed.set(
              repo.write("c.yaml", compute("storm-" + commit)).commit("storm " + commit));
        }
        for (Future<?> f : sending) {
          f.get(60, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    !running.agent.busyFor("main-repo")
                        && wiring
                            .stores()
                            .resources()
                            .get(new ResourceKey("compute:v1:c"))
                            .orElseThrow()
                            .commit()
                            .equals(lastPushed.get()));
        List<SyncRecord> storm =
            wiring
                .stores()
                .syncs()
                .history(1000)
                .subList(0, wiring.stores().syncs().history(1000).size() - before);
        assertThat(storm)
            .as("about one fetch a second over %.1f s of deliveries", seconds)
            .hasSizeLessThanOrEqualTo((int) Math.ceil(seconds) + 2);
        for (int i = 1; i < storm.size(); i++) {
          // newest first: each sync started a second or more after the one before it
          assertThat(Duration.between(storm.get(i).startedAt(), storm.get(i - 1).startedAt()))
              .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }

        // one delivery, replayed: the first counts, the rest are duplicates
        int beforeReplay = wiring.stores().syncs().history(1000).size();
        String id = UUID.randomUUID().toString();
        assertThat(deliver(port, push, id).statusCode()).isEqualTo(202);
        for (int i = 0; i < 49; i++) {
          HttpResponse<String> replay = deliver(port, push, id);
          assertThat(replay.statusCode()).isEqualTo(200);
          assertThat(replay.body()).contains("\"duplicate\"");
        }
        await()
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    !running.agent.busyFor("main-repo")
                        && wiring.stores().syncs().history(1000).size() == beforeReplay + 1);
      }
    } finally {
      senders.shutdownNow();
    }
  }
}
