package dev.poros.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.model.ResourceKey;
import dev.poros.model.Status;
import dev.poros.reconcile.Reconciler;
import dev.poros.reconcile.Trigger;
import dev.poros.source.RepoSpec;
import dev.poros.store.SyncRecord;
import dev.poros.testing.HeldExecutor;
import dev.poros.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent: coalesced triggers, fetch back-off, and what it takes up again when it starts. */
class AgentIT {
  @TempDir Path tmp;

  static String compute(String purpose) {
    return "name: c\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  @Test
  void triggersDuringASyncBecomeExactlyOneFollowUpThatSyncsTheCommitMadeMeanwhile()
      throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", compute("one")).commit("one");
      HeldExecutor held = new HeldExecutor(wiring.localExecutor());
      Reconciler reconciler = wiring.reconciler(held);
      Agent agent =
          new Agent(
              List.of(
                  new WatchedRepository(
                      "r",
                      RepoSpec.of(repo.dir().toString(), null, ""),
                      Duration.ofHours(1),
                      "local")),
              watched -> reconciler,
              Clock.systemUTC());
      agent.trigger("r", Trigger.API);
      assertThat(held.awaitHeld()).as("the first sync is held after planning").isTrue();

      String meanwhile = repo.write("c.yaml", compute("two")).commit("two");
      for (int i = 0; i < 10; i++) {
        assertThat(agent.trigger("r", Trigger.WEBHOOK)).isTrue();
      }
      held.release();

      assertThat(held.awaitHeld()).as("one follow-up sync, held in turn").isTrue();
      assertThat(agent.busyFor("r")).as("busy while the follow-up runs").isTrue();
      assertThat(agent.trigger("r", Trigger.WEBHOOK)).isTrue();
      held.release();
      // that last trigger came during the follow-up, and the commit it saw is synced: no third
      await().atMost(Duration.ofSeconds(20)).until(() -> !agent.busyFor("r"));
      List<SyncRecord> syncs = wiring.stores().syncs().history(20);
      assertThat(syncs)
          .extracting(SyncRecord::trigger)
          .containsExactly("webhook", "webhook", "api");
      assertThat(syncs.get(1).commit()).isEqualTo(meanwhile);
      assertThat(syncs.get(0).commit()).isEqualTo(meanwhile);
      assertThat(syncs.get(0).created() + syncs.get(0).updated()).isZero();
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(4))
          .until(() -> wiring.stores().syncs().history(20).size() == 3);
      assertThat(wiring.stores().repositories().list())
          .anySatisfy(r -> assertThat(r.lastCommit()).isEqualTo(meanwhile));
      agent.close();
    }
  }

  @Test
  void aRepositoryThatGoesAwayBacksOffKeepsTheLastGoodStateAndRecovers() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", compute("one")).commit("one");
      Agent agent =
          new Agent(
              List.of(
                  new WatchedRepository(
                      "r",
                      RepoSpec.of("file://" + repo.dir(), null, ""),
                      Duration.ofSeconds(30),
                      "local")),
              wiring::reconciler,
              Clock.systemUTC());
      agent.trigger("r", Trigger.API);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !busy(agent) && !wiring.stores().syncs().history(1).isEmpty());

      Path away = tmp.resolve("away");
      Files.move(repo.dir(), away);
      agent.trigger("r", Trigger.API);
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.backoff("r").isPresent());
      FetchBackoff backoff = agent.backoff("r").orElseThrow();
      assertThat(backoff.failures()).isEqualTo(1);
      assertThat(backoff.lastError()).endsWith("repo does not exist");
      assertThat(backoff.nextAttempt()).isAfter(Instant.now().plusSeconds(20));
      assertThat(
              wiring
                  .stores()
                  .resources()
                  .get(new ResourceKey("compute:v1:c"))
                  .orElseThrow()
                  .status())
          .isEqualTo(Status.ACTIVE);
      assertThat(wiring.stores().syncs().history(1).get(0).outcome()).isEqualTo("failed");

      Files.move(away, repo.dir());
      agent.trigger("r", Trigger.API);
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.backoff("r").isEmpty());
      agent.close();
    }
  }

  @Test
  void anAgentStartingAgainResumesSchedulesAndAdoptsServices() {
    Path data = tmp.resolve("data");
    RepoSpec spec;
    long pid;
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write(
              "nightly.yaml",
              "name: nightly\nversion: v1\ntype: workflow\nworkflow:\n  schedule:\n    cron: '0 0 3 * * ?'\n"
                  + "  dag:\n    - name: n\n      spec:\n        script: echo night\n")
          .write(
              "loop.yaml",
              "name: loop\nversion: v1\ntype: worker\nworker:\n  script: 'while true; do sleep 1; done'\n")
          .commit("scheduled and supervised");
      spec = RepoSpec.of(repo.dir().toString(), null, "");
      try (Wiring first = new Wiring(data, Clock.systemUTC())) {
        first.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        assertThat(first.schedules().isScheduled("workflow:v1:nightly:public")).isTrue();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    first.stores().processes().of("worker:v1:loop:public").stream()
                        .anyMatch(p -> p.pid() != null));
        pid = first.stores().processes().of("worker:v1:loop:public").get(0).pid();
      }
    }

    try (Wiring second = new Wiring(data, Clock.systemUTC())) {
      assertThat(second.restore()).isEqualTo(2);

      assertThat(second.schedules().isScheduled("workflow:v1:nightly:public")).isTrue();
      assertThat(second.stores().processes().of("worker:v1:loop:public"))
          .singleElement()
          .satisfies(p -> assertThat(p.pid()).isEqualTo(pid));
      assertThat(
              ProcessHandle.allProcesses()
                  .filter(p -> p.info().commandLine().orElse("").contains("while true; do sleep 1"))
                  .count())
          .isEqualTo(1);
    }
  }

  private static boolean busy(Agent agent) {
    return agent.repositories().stream().anyMatch(r -> agent.busyFor(r.name()));
  }
}
