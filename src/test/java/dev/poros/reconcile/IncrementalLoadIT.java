package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.plan.PlanAction;
import dev.poros.source.RepoSpec;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync after a one-file change parses that file only: in the same process (its parse cache), and
 * in a new one that shares only the data folder (what the last settled sync declared, in the DB) —
 * also when the change breaks the file.
 */
class IncrementalLoadIT {
  static final int FILES = 1_000;

  @TempDir Path tmp;

  @Test
  void aOneFileChangeInAThousandFileRepositoryParsesOnlyThatFile() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      for (int i = 0; i < FILES; i++) {
        repo.write("computes/c" + i + ".yaml", compute(i, "runnable"));
      }
      repo.commit("a thousand computes");
      Reconciler reconciler = wiring.reconciler("local");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");

      SyncResult first = reconciler.reconcile(spec, null, Trigger.CLI, false);
      long parsedByFirst = wiring.loader().filesParsed();
      repo.write("computes/c500.yaml", compute(500, "query")).commit("one change");
      SyncResult second = reconciler.reconcile(spec, null, Trigger.CLI, false);

      assertThat(first.plan().steps()).hasSize(FILES);
      assertThat(parsedByFirst).isEqualTo(FILES);
      assertThat(wiring.loader().filesParsed() - parsedByFirst).isEqualTo(1);
      assertThat(second.snapshot().changedSinceLast()).containsExactly("computes/c500.yaml");
      assertThat(second.plan().steps())
          .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
          .extracting(s -> s.key().id())
          .containsExactly("compute:v1:c500");
    }
  }

  @Test
  void aNewProcessParsesOnlyTheChangedFileWithSecretsStacksAndFileJobsRestoredAsTheyWere() {
    Path data = tmp.resolve("data");
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("platform/creds.yaml", IncrementalEqualsFullIT.secret("p0"))
          .write("platform/stack.yaml", IncrementalEqualsFullIT.stack("v0"))
          .write(
              "platform/local.yaml",
              IncrementalEqualsFullIT.compute(0, "runnable").replace("c0", "local"))
          .write("jobs/shared.yaml", "spec:\n  command: [sh, -c, echo shared]\n");
      for (int i = 0; i < FILES - 4; i++) {
        String content =
            i % 3 == 0
                ? IncrementalEqualsFullIT.compute(i, "runnable")
                : i % 3 == 1
                    ? IncrementalEqualsFullIT.depot(i)
                    : IncrementalEqualsFullIT.workflow(i);
        repo.write("r" + (i % 10) + "/f" + i + ".yaml", content);
      }
      repo.commit("a thousand files");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      try (Wiring first = new Wiring(data, Clock.systemUTC())) {
        SyncResult cold = first.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        assertThat(cold.problems()).isEmpty();
        assertThat(first.loader().filesParsed()).isEqualTo(FILES);
      }

      repo.write("r1/f1.yaml", IncrementalEqualsFullIT.depot(1).replace("h1", "h1b"))
          .commit("one depot moves");
      try (Wiring second = new Wiring(data, Clock.systemUTC())) {
        SyncResult result = second.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        assertThat(second.loader().filesParsed()).isEqualTo(1);
        assertThat(result.problems()).isEmpty();
        assertThat(result.plan().steps())
            .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
            .extracting(s -> s.key().id())
            .containsExactly("depot:v1:d1");
      }

      // a changed file: target is parsed, and so is every file whose workflow reads it
      repo.write("jobs/shared.yaml", "spec:\n  command: [sh, -c, echo changed]\n")
          .commit("the shared job changes");
      // workflows are the files i % 3 == 2; those with (i / 3) % 3 == 1 run the file
      long readers = IntStream.range(0, FILES - 4).filter(i -> i % 9 == 5).count();
      try (Wiring third = new Wiring(data, Clock.systemUTC())) {
        SyncResult result = third.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        assertThat(third.loader().filesParsed()).isEqualTo(1 + readers);
        assertThat(result.plan().steps())
            .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
            .hasSize((int) readers);
      }
    }
  }

  @Test
  void aNewProcessParsesOnlyTheFileThatBrokeAndWhatChangesBesideIt() {
    Path data = tmp.resolve("data");
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      for (int i = 0; i < FILES; i++) {
        repo.write("computes/c" + i + ".yaml", compute(i, "runnable"));
      }
      repo.commit("a thousand computes");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      try (Wiring first = new Wiring(data, Clock.systemUTC())) {
        first.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
      }

      repo.write("computes/c500.yaml", "name: c500\nversion: [v1\n").commit("c500 breaks");
      try (Wiring second = new Wiring(data, Clock.systemUTC())) {
        SyncResult broken = second.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        assertThat(second.loader().filesParsed()).isEqualTo(1);
        assertThat(broken.outcome()).isEqualTo(SyncOutcome.DEGRADED);
        assertThat(broken.problems())
            .extracting(p -> p.file() + ":" + p.line())
            .containsExactly("computes/c500.yaml:2");
        assertThat(broken.plan().steps()).noneMatch(s -> s.action() == PlanAction.DELETE);
      }

      // the intact files of that unsettled sync are trusted: the broken one and the change parse
      repo.write("computes/c1.yaml", compute(1, "query")).commit("c1 changes beside it");
      try (Wiring third = new Wiring(data, Clock.systemUTC())) {
        SyncResult beside = third.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        assertThat(third.loader().filesParsed()).isEqualTo(2);
        assertThat(beside.problems()).extracting(p -> p.file()).containsOnly("computes/c500.yaml");
        assertThat(beside.plan().steps())
            .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
            .extracting(s -> s.key().id())
            .containsExactly("compute:v1:c1");
      }

      repo.write("computes/c500.yaml", compute(500, "query")).commit("c500 mended");
      try (Wiring fourth = new Wiring(data, Clock.systemUTC())) {
        SyncResult mended = fourth.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
        assertThat(fourth.loader().filesParsed()).isEqualTo(1);
        assertThat(mended.outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
        assertThat(mended.plan().steps())
            .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
            .extracting(s -> s.key().id())
            .containsExactly("compute:v1:c500");
      }
    }
  }

  private static String compute(int i, String purpose) {
    return "name: c" + i + "\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }
}
