package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code file:} in a DAG job: part of the workflow's content, never a manifest of its own. */
class FileReferencesIT {
  static final String WITH_FILE = "workflow:v1:from-file:public";
  static final String WITHOUT = "workflow:v1:inline:public";

  @TempDir Path tmp;

  static String workflow(String name, String job) {
    return "name: " + name + "\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n" + job;
  }

  @Test
  void changingAReferencedFileResyncsTheResourceThatReferencesItAndNothingElse() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      Poros poros = new Poros(tmp.resolve("data"));
      repo.write(
              "workflows/from-file.yaml",
              workflow(
                  "from-file",
                  "    - name: extract\n      file: jobs/extract.yaml\n    - name: load\n      dependencies: [extract]\n      file: /shared/load.yaml\n"))
          .write("workflows/jobs/extract.yaml", "script: echo extract 1\n")
          .write("shared/load.yaml", "spec:\n  command: [sh, -c, echo load]\n")
          .write(
              "workflows/inline.yaml",
              workflow("inline", "    - name: only\n      spec:\n        script: echo inline\n"))
          .commit("one");
      Cli.Result first = poros.sync(repo, "-o", "json");
      assertThat(first.exitCode()).as(first.all()).isZero();
      assertThat(SyncReport.changedSteps(Poros.json(first))).containsOnlyKeys(WITH_FILE, WITHOUT);

      repo.write("workflows/jobs/extract.yaml", "script: echo extract 2\n")
          .commit("job file changed");
      Cli.Result second = poros.sync(repo, "-o", "json");

      assertThat(SyncReport.changedSteps(Poros.json(second)))
          .containsExactlyEntriesOf(Map.of(WITH_FILE, "configured"));
      Cli.Result render = poros.run("render", "--repo", repo.dir().toString(), "from-file");
      assertThat(render.out())
          .contains(
              "job extract (stack shell:1.0)", "echo extract 2", "[\"sh\",\"-c\",\"echo load\"]");
    }
  }

  @Test
  void aReferenceToAMissingFileOrOutsideTheRepositoryIsAnErrorOfThatResource() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("wf/a.yaml", workflow("a", "    - name: j\n      file: /home/me/job.yaml\n"))
          .write("wf/b.yaml", workflow("b", "    - name: j\n      file: ../../outside.yaml\n"))
          .write("wf/c.yaml", workflow("c", "    - name: j\n      spec: {script: echo fine}\n"));

      Cli.Result validate = Cli.run("validate", repo.dir().toString());

      assertThat(validate.out())
          .contains(
              "wf/a.yaml:7: workflow.dag[0].file: '/home/me/job.yaml' does not exist in this commit (looked for home/me/job.yaml)",
              "wf/b.yaml:7: workflow.dag[0].file: '../../outside.yaml' leaves the repository",
              "3 file(s), 3 resource(s), 1 valid, 2 problem(s)");
    }
  }
}
