package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.model.Json;
import dev.poros.store.ResourceFilter;
import dev.poros.store.Stores;
import dev.poros.store.SyncRecord;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.Cli;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code poros run} stopped in the middle of applying a sync — politely (SIGTERM, as systemd or
 * Kubernetes stop it) or not (SIGKILL) — leaves a Poros DB from which the next start converges.
 */
class AgentStopIT {
  static final int DEPOTS = 1500;

  @TempDir Path tmp;

  /** A repository with one depot, then a commit adding many: applying it takes a while. */
  TestRepo repositoryGrowingLarge() {
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.write("depots/d0.yaml", depot(0)).commit("one depot");
    return repo;
  }

  static String depot(int i) {
    return "name: d" + i + "\nversion: v1\ntype: depot\ndepot: {type: S3}\n";
  }

  /** Starts the agent on the small commit, then has it sync the large one; returns mid-apply. */
  AgentProcess agentInTheMiddleOfASync(TestRepo repo) {
    AgentProcess agent =
        AgentProcess.start(
            tmp.resolve("data"),
            tmp.resolve("agent.log"),
            "--repo",
            repo.dir().toString(),
            "--interval",
            "1h");
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.get("/readyz").statusCode() == 200);
    for (int i = 1; i < DEPOTS; i++) {
      repo.write("depots/d" + i + ".yaml", depot(i));
    }
    repo.commit("many depots");
    assertThat(agent.post("/api/v1/repositories/default/sync", "").statusCode()).isEqualTo(202);
    await("a sync applying the large commit")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              JsonNode newest = Json.JSON.readTree(agent.get("/api/v1/syncs").body()).get(0);
              return newest.path("outcome").asString().equals("running")
                  && newest.path("commitMessage").asString().equals("many depots");
            });
    return agent;
  }

  @Test
  void sigtermDuringASyncFinishesItAndTheNextStartHasNothingLeftToDo() {
    try (TestRepo repo = repositoryGrowingLarge();
        AgentProcess agent = agentInTheMiddleOfASync(repo)) {
      int exit = agent.terminate();

      assertThat(exit).as("exit code; log:%n%s", agent.output()).isIn(0, 143);
      String log = agent.output();
      assertThat(log.indexOf("stopping: no new requests or syncs"))
          .as("the stop began while the sync ran, and the sync finished after; log:%n%s", log)
          .isPositive()
          .isLessThan(log.indexOf("created=" + (DEPOTS - 1)));
      assertThat(log).contains("stopped; services and workers keep running");
      SyncRecord last = read(stores -> stores.syncs().history(1).get(0));
      assertThat(last.outcome()).as("the running sync was finished").isEqualTo("succeeded");
      assertThat(last.created()).isEqualTo(DEPOTS - 1);
      List<?> live = read(stores -> stores.resources().list(ResourceFilter.LIVE));
      assertThat(live).hasSize(DEPOTS);
      Cli.Result next =
          Cli.run(
              "sync",
              "--data-dir",
              tmp.resolve("data").toString(),
              "--repo",
              repo.dir().toString());
      assertThat(next.exitCode()).isZero();
      assertThat(next.out())
          .contains("0 created, 0 configured, 0 deleted, " + DEPOTS + " unchanged");
    }
  }

  @Test
  void sigkillDuringASyncIsRecordedAsInterruptedAndTheNextStartConverges() {
    try (TestRepo repo = repositoryGrowingLarge();
        AgentProcess agent = agentInTheMiddleOfASync(repo)) {
      agent.kill();

      String outcome = read(stores -> stores.syncs().history(1).get(0).outcome());
      assertThat(outcome).isEqualTo("running");
      int appliedBeforeTheKill =
          read(stores -> stores.resources().list(ResourceFilter.LIVE).size());
      assertThat(appliedBeforeTheKill).isBetween(1, DEPOTS - 1);

      try (AgentProcess restarted =
          AgentProcess.start(
              tmp.resolve("data"),
              tmp.resolve("restarted.log"),
              "--repo",
              repo.dir().toString(),
              "--interval",
              "1h")) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> restarted.get("/readyz").statusCode() == 200 && newestSucceeded(restarted));
        List<JsonNode> syncs =
            Json.JSON.readTree(restarted.get("/api/v1/syncs").body()).valueStream().toList();
        assertThat(syncs.get(0).path("outcome").asString()).isEqualTo("succeeded");
        assertThat(syncs.get(0).path("created").asInt()).isEqualTo(DEPOTS - appliedBeforeTheKill);
        assertThat(syncs.get(1).path("outcome").asString()).isEqualTo("interrupted");
        assertThat(syncs.get(1).path("created").asInt())
            .as("what the interrupted sync applied before the kill (d0 was there already)")
            .isEqualTo(appliedBeforeTheKill - 1);
        assertThat(Json.JSON.readTree(restarted.get("/api/v1/resources").body()).size())
            .isEqualTo(DEPOTS);
      }
    }
  }

  private static boolean newestSucceeded(AgentProcess agent) {
    JsonNode newest = Json.JSON.readTree(agent.get("/api/v1/syncs").body()).get(0);
    return newest != null && newest.path("outcome").asString().equals("succeeded");
  }

  /** Reads the Poros DB the stopped agent left. */
  private <T> T read(Function<Stores, T> query) {
    Stores stores = Stores.open(tmp.resolve("data"), Clock.systemUTC());
    try {
      return query.apply(stores);
    } finally {
      stores.db().close();
    }
  }
}
