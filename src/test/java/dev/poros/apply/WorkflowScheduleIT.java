package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.apply.local.RunSettings;
import dev.poros.cli.Wiring;
import dev.poros.reconcile.Trigger;
import dev.poros.source.RepoSpec;
import dev.poros.store.RunRecord;
import dev.poros.testing.Cli;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cron schedules fire runs, Forbid keeps them from overlapping, and removal stops them. */
class WorkflowScheduleIT {
  static final String KEY = "workflow:v1:tick:public";

  @TempDir Path tmp;

  @Test
  void aScheduleOfEverySecondRunsWithoutOverlapUntilTheWorkflowIsRemoved() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring =
            new Wiring(
                tmp.resolve("data"),
                Clock.systemUTC(),
                new RunSettings(2, Duration.ofMillis(50), Duration.ofSeconds(1)))) {
      repo.write(
              "tick.yaml",
              "name: tick\nversion: v1\ntype: workflow\nworkflow:\n"
                  + "  schedule:\n    cron: '* * * * * ?'\n    concurrencyPolicy: Forbid\n"
                  + "  dag:\n    - name: work\n      spec:\n        script: 'sleep 1.5'\n")
          .commit("every second");
      RepoSpec spec =
          RepoSpec.of(repo.dir().toString(), null, "")
              .withGuards(true, RepoSpec.DEFAULT_MAX_FILE_BYTES); // removes everything on purpose
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);

      await().atMost(Duration.ofSeconds(20)).until(() -> finished(wiring).size() >= 3);

      List<RunRecord> runs = finished(wiring);
      assertThat(runs).allSatisfy(r -> assertThat(r.trigger()).isEqualTo("schedule"));
      for (int i = 1; i < runs.size(); i++) {
        assertThat(runs.get(i).startedAt())
            .as("Forbid: run %d starts after run %d ended", runs.get(i).id(), runs.get(i - 1).id())
            .isAfterOrEqualTo(runs.get(i - 1).finishedAt());
      }

      repo.delete("tick.yaml").commit("no more ticking");
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
      wiring.workflows().awaitAll();
      int runsAfterRemoval = wiring.stores().runs().runs(KEY, 100).size();
      // nothing fires any more: no run over a window of several of the schedule's ticks
      await()
          .during(Duration.ofMillis(2_500))
          .atMost(Duration.ofSeconds(4))
          .until(() -> wiring.stores().runs().runs(KEY, 100).size() == runsAfterRemoval);
      assertThat(wiring.schedules().isScheduled(KEY)).isFalse();
    }
  }

  @Test
  void aBadCronIsAValidationError() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write(
          "bad.yaml",
          "name: bad\nversion: v1\ntype: workflow\nworkflow:\n  schedule:\n    cron: '61 * * * *'\n"
              + "  dag:\n    - name: w\n      spec:\n        script: echo\n");

      assertThat(Cli.run("validate", repo.dir().toString()).out())
          .contains("bad.yaml:6: workflow.schedule.cron: '61 * * * *' is not a cron expression");
    }
  }

  /** An agent's wiring whose workflow runs are quick to stop. */
  Wiring wiring() {
    return new Wiring(
        tmp.resolve("data"),
        Clock.systemUTC(),
        new RunSettings(2, Duration.ofMillis(50), Duration.ofSeconds(1)));
  }

  /** {@code tick}, fired every second under {@code policy}, each run sleeping {@code seconds}. */
  static String tick(String policy, String seconds) {
    return "name: tick\nversion: v1\ntype: workflow\nworkflow:\n"
        + "  schedule:\n    cron: '* * * * * ?'\n    concurrencyPolicy: "
        + policy
        + "\n  dag:\n    - name: work\n      spec:\n        script: 'sleep "
        + seconds
        + "'\n";
  }

  @Test
  void replaceStopsTheRunningRunWhenTheNextOneFires() throws InterruptedException {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = wiring()) {
      repo.write("tick.yaml", tick("Replace", "30")).commit("every second, each 30 s long");
      wiring
          .reconciler("local")
          .reconcile(RepoSpec.of(repo.dir().toString(), null, ""), null, Trigger.CLI, false);

      await().atMost(Duration.ofSeconds(20)).until(() -> finished(wiring).size() >= 2);

      List<RunRecord> runs = finished(wiring);
      assertThat(runs)
          .allSatisfy(
              run -> {
                assertThat(run.state()).as("stopped, not finished").isNotEqualTo("succeeded");
                assertThat(Duration.between(run.startedAt(), run.finishedAt()))
                    .isLessThan(Duration.ofSeconds(10));
              });
      for (int i = 1; i < runs.size(); i++) {
        assertThat(runs.get(i - 1).finishedAt())
            .as("run %d was stopped as run %d started", runs.get(i - 1).id(), runs.get(i).id())
            .isBefore(runs.get(i).startedAt().plusSeconds(2));
      }
      // the run going on now writes into the data folder the test deletes: end it first
      wiring.schedules().unschedule(KEY);
      wiring.workflows().stop(KEY);
      wiring.awaitStartedRuns();
    }
  }

  @Test
  void allowLetsRunsOverlap() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = wiring()) {
      repo.write("tick.yaml", tick("Allow", "2.5")).commit("every second, each 2.5 s long");
      wiring
          .reconciler("local")
          .reconcile(RepoSpec.of(repo.dir().toString(), null, ""), null, Trigger.CLI, false);

      await().atMost(Duration.ofSeconds(20)).until(() -> finished(wiring).size() >= 3);

      List<RunRecord> runs = finished(wiring);
      assertThat(runs).allSatisfy(run -> assertThat(run.state()).isEqualTo("succeeded"));
      assertThat(runs.get(1).startedAt())
          .as("the next run started while the one before still ran")
          .isBefore(runs.get(0).finishedAt());
    }
  }

  @Test
  void workflowsOnTheSameScheduleEachRunAndOneRemovedLeavesTheOtherRunning() throws Exception {
    String tock = "workflow:v1:tock:public";
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = wiring()) {
      repo.write("tick.yaml", tick("Forbid", "0.1"))
          .write("tock.yaml", tick("Forbid", "0.1").replace("name: tick", "name: tock"))
          .commit("two workflows every second");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> finished(wiring, KEY).size() >= 2 && finished(wiring, tock).size() >= 2);

      repo.delete("tock.yaml").commit("tock no more");
      wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
      wiring.workflows().awaitAll();
      int tocks = wiring.stores().runs().runs(tock, 100).size();
      int ticks = finished(wiring, KEY).size();
      await().atMost(Duration.ofSeconds(20)).until(() -> finished(wiring, KEY).size() >= ticks + 2);
      assertThat(wiring.stores().runs().runs(tock, 100)).as("tock's runs").hasSize(tocks);
      assertThat(wiring.schedules().isScheduled(tock)).isFalse();
      wiring.schedules().unschedule(KEY);
      wiring.awaitStartedRuns();
    }
  }

  private static List<RunRecord> finished(Wiring wiring) {
    return finished(wiring, KEY);
  }

  private static List<RunRecord> finished(Wiring wiring, String key) {
    return wiring.stores().runs().runs(key, 100).stream()
        .filter(r -> r.finishedAt() != null)
        .sorted(Comparator.comparingLong(RunRecord::id))
        .toList();
  }
}
