package dev.poros.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow bodies cannot starve the server: 300 clients trickling webhook bodies a byte at a time (each
 * one reconnecting when the server ends it), and {@code /healthz} and {@code /readyz} still answer
 * every probe within a second — the timeout an orchestrator's probe would have. The excess is
 * turned away at once (503 {@code busy}), and afterwards a real delivery is accepted.
 */
class SlowBodiesIT {
  static final int ATTACKERS = 300;
  static final Duration ATTACK = Duration.ofSeconds(8);

  @TempDir Path tmp;

  /** One client trickling a webhook body it declared 100 kB long; reconnects when refused. */
  static final class Trickler {
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    int busy;

    Trickler(int port) {
      this.port = port;
    }

    /** One more byte of the body, or a new connection when the last one was ended. */
    void tick() {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          out = socket.getOutputStream();
          in = socket.getInputStream();
          out.write(
              ("POST /api/v1/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "X-GitHub-Event: push\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 100000\r\n\r\n{")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          return;
        }
        if (in.available() > 0) {
          byte[] answer = new byte[in.available()];
          int read = in.read(answer);
          if (new String(answer, 0, read, StandardCharsets.US_ASCII).contains(" 503 ")) {
            busy++;
          }
          close();
          return;
        }
        out.write(' ');
        out.flush();
      } catch (IOException ended) {
        close();
      }
    }

    void close() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing a socket the server closed already
      } finally {
        socket = null;
      }
    }
  }

  @Test
  void healthAnswersWithinASecondWhileThreeHundredBodiesTrickle() throws Exception {
    HttpClient prober = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", WebhookStormIT.compute("slow")).commit("one compute");
      try (RunningAgent running =
          RunningAgent.of(wiring, repo, "slow-repo", WebhookStormIT.SECRET, null, true, true)) {
        int port = running.port();
        await().atMost(Duration.ofSeconds(20)).until(() -> running.agent.syncedEveryRepository());
        List<Trickler> attackers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
          attackers.add(new Trickler(port));
        }
        Thread attack =
            new Thread(
                () -> {
                  long end = System.nanoTime() + ATTACK.toNanos();
                  while (System.nanoTime() < end) {
                    attackers.forEach(Trickler::tick);
                    try {
                      TimeUnit.MILLISECONDS.sleep(300);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                  attackers.forEach(Trickler::close);
                },
                "slow-bodies");
        attack.start();
        List<String> failedProbes = new ArrayList<>();
        int probes = 0;
        while (attack.isAlive()) {
          for (String path : List.of("/healthz", "/readyz")) {
            probes++;
            try {
              HttpResponse<String> answer =
                  prober.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                          .timeout(Duration.ofSeconds(1))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              if (answer.statusCode() != 200) {
                failedProbes.add(path + " " + answer.statusCode());
              }
            } catch (IOException e) {
              failedProbes.add(path + " " + e);
            }
          }
          Thread.sleep(200);
        }
        attack.join();

        assertThat(failedProbes).as("of %d probes during the attack", probes).isEmpty();
        assertThat(probes).isGreaterThan(20);
        assertThat(attackers.stream().mapToInt(a -> a.busy).sum())
            .as("bodies turned away before being read")
            .isPositive();
        assertThat(Requests.get(port, "/metrics").body())
            .containsPattern("poros_webhook_deliveries_total\\{result=\"busy\"} [1-9]");
        String push = "{\"ref\": \"refs/heads/main\"}";
        await("a real delivery once the slow ones are gone")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    WebhookStormIT.deliver(port, push, UUID.randomUUID().toString()).statusCode()
                        == 202);
      }
    }
  }

  /**
   * While the agent cannot accept (a collection, a burst of senders), the kernel completes the
   * connections of 300 clients at once and queues them: none waits a second in SYN retries, and
   * each is answered once the agent accepts again.
   */
  @Test
  void connectionsMadeWhileTheAgentCannotAcceptWaitInItsQueue() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", WebhookStormIT.compute("queued")).commit("one compute");
      try (RunningAgent running =
          RunningAgent.of(wiring, repo, "queued-repo", WebhookStormIT.SECRET, null, true, false)) {
        int port = running.server.port();
        running.server.listener().setAccepting(false);
        List<Socket> waiting = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try {
          for (int i = 0; i < ATTACKERS && refused.isEmpty(); i++) {
            Socket socket = new Socket();
            waiting.add(socket);
            try {
              socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (IOException e) {
              refused.add(i + ": " + e.getMessage());
            }
          }
          assertThat(refused).as("a connection not completed within a second").isEmpty();
          for (Socket socket : waiting) {
            socket
                .getOutputStream()
                .write(
                    "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
          }
          running.server.listener().setAccepting(true);
          for (Socket socket : waiting) {
            socket.setSoTimeout(10_000);
            String answer =
                new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
          }
        } finally {
          for (Socket socket : waiting) {
            socket.close();
          }
        }
      }
    }
  }
}
