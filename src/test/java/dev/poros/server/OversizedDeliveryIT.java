package dev.poros.server;

import static dev.poros.server.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender of an oversized delivery reads its 413 every time: answering while the body is still
 * arriving, then closing, reset the connection under the sender in about one delivery in twenty.
 */
class OversizedDeliveryIT {
  @TempDir Path tmp;

  @Test
  void everyOversizedDeliveryIsAnsweredNotReset() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("d.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
          .commit("one");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "main-repo", "s", null, true)) {
        String huge = "{\"pad\": \"" + "x".repeat(Webhooks.MAX_BYTES) + "\"}";
        String sig = new WebhookSignature("s").sign(huge.getBytes(StandardCharsets.UTF_8));
        int resets = 0;
        for (int i = 0; i < 200; i++) {
          try {
            assertThat(post(running.port(), "/api/v1/webhooks/github", huge, sig).statusCode())
                .isEqualTo(413);
          } catch (IOException e) {
            resets++;
          }
        }
        assertThat(resets).as("connections reset of 200 deliveries").isZero();
      }
    }
  }
}
