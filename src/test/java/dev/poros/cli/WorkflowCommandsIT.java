package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** poros run, get runtime and logs on real runs; secret values stay out of all of it. */
class WorkflowCommandsIT {
  @TempDir Path tmp;

  @Test
  void runGetRuntimeAndLogsShowARunAndNeverASecret() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      Poros poros = new Poros(tmp.resolve("data"));
      repo.copy("spine/db-creds.yaml", "db-creds.yaml")
          .write(
              "report.yaml",
              "name: report\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                  + "    - name: extract\n      spec:\n        secrets: [db-creds]\n"
                  + "        script: 'echo \"user $username with $password\"'\n"
                  + "    - name: publish\n      dependencies: [extract]\n      spec:\n        command: [sh, -c, echo published]\n")
          .commit("report");
      Cli.Result sync = poros.sync(repo);
      assertThat(sync.exitCode()).as(sync.all()).isZero();

      Cli.Result run = poros.run("run", "report");
      Cli.Result runtime = poros.run("get", "runtime", "report");
      Cli.Result logs = poros.run("logs", "report");
      Cli.Result extract = poros.run("logs", "report", "--node", "extract", "--run", "1");

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out())
          .startsWith(
              "run 2 of workflow:v1:report:public started\nrun 2  succeeded  2/2  trigger=manual");
      assertThat(runtime.out())
          .contains(
              "run 2  succeeded  2/2  trigger=manual", "run 1  succeeded  2/2  trigger=created")
          .containsPattern("extract +1 +succeeded +0");
      assertThat(logs.out()).isEqualTo("[extract] user etl with ***\n[publish] published\n");
      assertThat(extract.out()).isEqualTo("user etl with ***\n");
      for (Cli.Result result : new Cli.Result[] {sync, run, runtime, logs, extract}) {
        assertThat(result.all()).doesNotContain("s3cr3t-A-password-42");
      }
      assertThat(poros.run("logs", "nope").exitCode()).isEqualTo(2);
    }
  }
}
