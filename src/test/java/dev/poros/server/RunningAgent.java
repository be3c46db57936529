package dev.poros.server;

import dev.poros.cli.Wiring;
import dev.poros.schedule.Agent;
import dev.poros.schedule.WatchedRepository;
import dev.poros.source.RepoSpec;
import dev.poros.testing.Fixtures;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * An agent watching one test repository (polling hourly, so only the test's triggers sync), with
 * its HTTP server on 127.0.0.1 and a free port; ready once a sync is recorded.
 */
final class RunningAgent implements AutoCloseable {
  final Agent agent;
  final AgentServer server;

  private RunningAgent(Agent agent, AgentServer server) {
    this.agent = agent;
    this.server = server;
  }

  /** {@code startPolling}: start the agent (and so its first sync) before the test goes on. */
  static RunningAgent of(
      Wiring wiring,
      TestRepo repo,
      String name,
      String webhookSecret,
      String authToken,
      boolean startPolling) {
    return of(wiring, repo, name, webhookSecret, authToken, true, startPolling);
  }

  /** {@code readsOpen}: with a token, whether reads go without it (as on loopback). */
  static RunningAgent of(
      Wiring wiring,
      TestRepo repo,
      String name,
      String webhookSecret,
      String authToken,
      boolean readsOpen,
      boolean startPolling) {
    return of(
        wiring,
        RepoSpec.of(repo.dir().toString(), null, ""),
        name,
        webhookSecret,
        authToken,
        readsOpen,
        startPolling);
  }

  /** An agent watching {@code spec}: any repository, branch and folder. */
  static RunningAgent of(
      Wiring wiring,
      RepoSpec spec,
      String name,
      String webhookSecret,
      String authToken,
      boolean readsOpen,
      boolean startPolling) {
    Metrics metrics = new Metrics(wiring.stores());
    Agent agent =
        new Agent(
            List.of(new WatchedRepository(name, spec, Duration.ofHours(1), "local")),
            wiring::reconciler,
            Clock.systemUTC(),
            metrics);
    if (startPolling) {
      agent.start();
    }
    AgentServer server =
        new AgentServer(
                agent,
                wiring.stores(),
                metrics,
                authToken == null ? Gate.open() : Gate.token(authToken, readsOpen),
                webhookSecret,
                agent::syncedEveryRepository)
            .start("127.0.0.1", 0);
    return new RunningAgent(agent, server);
  }

  /**
   * An agent watching a copy of this project's {@code repo-layout-example/}, the quick start's,
   * made in {@code dir} (its service on a free port).
   */
  static RunningAgent ofTheExample(Wiring wiring, Path dir) {
    Fixtures.example(dir);
    return of(wiring, RepoSpec.of(dir.toString(), null, ""), "example", null, null, true, true);
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    agent.close();
  }
}
