package dev.poros.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.reconcile.Trigger;
import dev.poros.schedule.Agent;
import dev.poros.schedule.WatchedRepository;
import dev.poros.source.RepoSpec;
import dev.poros.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code /metrics} counts, by value: workflow runs by state and failed fetches. */
class MetricsIT {
  @TempDir Path tmp;

  static String workflow(String name, String script) {
    return "name: "
        + name
        + "\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n    - name: only\n      spec:\n"
        + "        script: '"
        + script
        + "'\n";
  }

  @Test
  void runsAreCountedByStateAndEachFailedFetchOnce() throws Exception {
    Path repoDir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(repoDir);
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("ok.yaml", workflow("ok", "true"))
          .write("bad.yaml", workflow("bad", "exit 3"))
          .commit("one run succeeds, one fails");
      Metrics metrics = new Metrics(wiring.stores());
      Agent agent =
          new Agent(
              List.of(
                  new WatchedRepository(
                      "r",
                      RepoSpec.of("file://" + repoDir, null, ""),
                      Duration.ofHours(1),
                      "local")),
              wiring::reconciler,
              Clock.systemUTC(),
              metrics);
      try {
        agent.trigger("r", Trigger.API);
        await().atMost(Duration.ofSeconds(20)).until(() -> !agent.busyFor("r"));
        wiring.awaitStartedRuns();

        assertThat(metrics.scrape())
            .contains("poros_workflow_runs{state=\"succeeded\"} 1.0")
            .contains("poros_workflow_runs{state=\"failed\"} 1.0")
            .doesNotContain("poros_fetch_failures_total{");

        Files.move(repoDir, tmp.resolve("away"));
        agent.trigger("r", Trigger.API);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.backoff("r").isPresent());
        assertThat(metrics.scrape()).contains("poros_fetch_failures_total{repository=\"r\"} 1.0");
        agent.trigger("r", Trigger.API);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> agent.backoff("r").orElseThrow().failures() == 2);
        assertThat(metrics.scrape()).contains("poros_fetch_failures_total{repository=\"r\"} 2.0");
      } finally {
        agent.close();
        if (Files.exists(tmp.resolve("away"))) {
          Files.move(tmp.resolve("away"), repoDir); // for the repository's own clean-up
        }
      }
    }
  }
}
