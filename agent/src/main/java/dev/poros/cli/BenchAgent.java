package dev.poros.cli;

import dev.poros.reconcile.Trigger;
import dev.poros.schedule.Agent;
import dev.poros.schedule.SyncQueue;
import dev.poros.schedule.WatchedRepository;
import dev.poros.server.AgentServer;
import dev.poros.server.Gate;
import dev.poros.server.Metrics;
import dev.poros.server.WebhookSignature;
import dev.poros.source.RepoSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * An agent watching one repository as {@code bench}, with its HTTP server on loopback, synced once
 * (so it knows the remote's branch) and then idle for the fetch gap (so a push is not timed waiting
 * for it): what the benchmarks send signed push webhooks to.
 */
final class BenchAgent implements AutoCloseable {
  static final String NAME = "bench";
  private static final String SECRET = "bench-webhook-secret";

  private final Agent agent;
  private final AgentServer server;
  private final WebhookSignature signature = new WebhookSignature(SECRET);

  private BenchAgent(Agent agent, AgentServer server) {
    this.agent = agent;
    this.server = server;
  }

  static BenchAgent start(Wiring wiring, RepoSpec repo) throws InterruptedException {
    Agent agent =
        new Agent(
            List.of(new WatchedRepository(NAME, repo, Duration.ofHours(1), "local")),
            wiring::reconciler,
            Clock.systemUTC());
    AgentServer server =
        new AgentServer(
                agent,
                wiring.stores(),
                new Metrics(wiring.stores()),
                Gate.open(),
                SECRET,
                agent::syncedEveryRepository)
            .start("127.0.0.1", 0);
    agent.trigger(NAME, Trigger.API);
    while (agent.branchOf(NAME) == null || agent.busyFor(NAME)) {
      Thread.sleep(1);
    }
    Thread.sleep(SyncQueue.GAP.toMillis());
    return new BenchAgent(agent, server);
  }

  Agent agent() {
    return agent;
  }

  /** Delivers a signed push of {@code commit} (null: none named) as GitHub would; its status. */
  int push(HttpClient http, String commit, String deliveryId)
      throws IOException, InterruptedException {
    byte[] payload =
        ("{\"ref\": \"refs/heads/main\""
                + (commit == null ? "" : ", \"after\": \"" + commit + "\"")
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/webhooks/github"))
            .header("X-GitHub-Event", "push")
            .header("X-Hub-Signature-256", signature.sign(payload))
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    if (deliveryId != null) {
      request.header("X-GitHub-Delivery", deliveryId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public void close() {
    server.close();
    agent.close();
  }
}
