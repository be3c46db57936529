package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.source.RepoSpec;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync after a one-file change parses that file only. */
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
          .filteredOn(s -> s.action() != dev.poros.plan.PlanAction.UNCHANGED)
          .extracting(s -> s.key().id())
          .containsExactly("compute:v1:c500");
    }
  }

  private static String compute(int i, String purpose) {
    return "name: c" + i + "\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }
}
