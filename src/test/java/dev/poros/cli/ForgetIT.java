package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code poros forget}: what a repository applied goes — only when asked for with --yes. */
class ForgetIT {
  static final String WORKER_SCRIPT = "while true; do sleep 1; done # forget-it";

  @TempDir Path tmp;

  static long workersRunning() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("# forget-it"))
        .count();
  }

  @Test
  void forgettingARepositoryRemovesWhatItAppliedOnlyWithYes() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("c.yaml", "name: c\nversion: v1\ntype: compute\ncompute: {purpose: x}\n")
          .write(
              "loop.yaml",
              "name: loop\nversion: v1\ntype: worker\nworker:\n  script: '" + WORKER_SCRIPT + "'\n")
          .write(
              "nightly.yaml",
              "name: nightly\nversion: v1\ntype: workflow\nworkflow:\n  schedule:\n"
                  + "    cron: '0 0 3 * * ?'\n  dag:\n    - name: n\n      spec:\n        script: echo\n")
          .commit("three resources");
      Poros poros = new Poros(tmp.resolve("data"));
      assertThat(poros.sync(repo).exitCode()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> workersRunning() == 1);

      Cli.Result preview = poros.run("forget", "--repo", repo.dir().toString());
      assertThat(preview.exitCode()).as(preview.all()).isZero();
      assertThat(preview.out()).contains("0 to create, 0 to update, 3 to delete");
      assertThat(preview.err()).contains("nothing removed; add --yes");
      assertThat(poros.get()).hasSize(3);
      assertThat(workersRunning()).isEqualTo(1);

      Cli.Result forgot = poros.run("forget", "--repo", repo.dir().toString(), "--yes");
      assertThat(forgot.exitCode()).as(forgot.all()).isZero();
      assertThat(forgot.out()).contains("0 created, 0 configured, 3 deleted");
      assertThat(poros.get()).isEmpty();
      assertThat(poros.resource("worker:v1:loop:public")).containsEntry("status", "deleted");
      await().atMost(Duration.ofSeconds(15)).until(() -> workersRunning() == 0);
      Map<String, Object> newest = Poros.jsonArray(poros.run("history", "-o", "json")).get(0);
      assertThat(newest).containsEntry("trigger", "forget").containsEntry("deleted", 3);

      Cli.Result again = poros.run("forget", "--repo", repo.dir().toString(), "--yes");
      assertThat(again.out()).as("nothing left to remove").contains("0 deleted");
    }
  }

  @Test
  void aRepositoryNeverSyncedHasNothingToForget() {
    Cli.Result result =
        new Poros(tmp.resolve("data")).run("forget", "--repo", tmp.resolve("nowhere").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("poros: nothing is recorded for " + tmp.resolve("nowhere"));
  }
}
