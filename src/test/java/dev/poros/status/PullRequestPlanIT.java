package dev.poros.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.ForgeServer;
import dev.poros.testing.ForgeServer.Forge;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What merging a pull request would do, on the real Gitea: the agent's mirror fetches pull request
 * heads ({@code refs/pull/N/head}), so {@code poros plan --ref refs/pull/N/head} shows the head's
 * plan and problems — and records nothing.
 */
@Tag("infra")
@ExtendWith(ForgeServer.class)
class PullRequestPlanIT {
  @TempDir Path tmp;

  static String compute(String name, String purpose) {
    return "name: " + name + "\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  @Test
  void aPullRequestsHeadIsPlannedWithItsProblemsAndNothingIsRecorded(Forge forge) throws Exception {
    String name = "pulls-" + UUID.randomUUID().toString().substring(0, 8);
    forge.createRepository(name);
    Poros poros = new Poros(tmp.resolve("data"));
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("c.yaml", compute("base", "runnable")).commit("main's");
      forge.push(repo, name, "main");
      Cli.Result synced = poros.run("sync", "--repo", forge.cloneUrl(name));
      assertThat(synced.exitCode()).as(synced.all()).isZero();
      try (Git git = Git.open(repo.dir().toFile())) {
        git.checkout().setCreateBranch(true).setName("feature").call();
      }
      repo.write("d.yaml", compute("added", "query"))
          .write("bad.yaml", "name: bad\nversion: v1\ntype: compute\ncompute:\n  purpose: 12\n")
          .commit("adds one, breaks one");
      forge.push(repo, name, "feature");
      long number = forge.openPullRequest(name, "feature", "main");

      Cli.Result plan =
          poros.run(
              "plan",
              "--repo",
              forge.cloneUrl(name),
              "--ref",
              "refs/pull/" + number + "/head",
              "-o",
              "json");

      assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
      Map<String, Object> report = Poros.json(plan);
      assertThat(SyncReport.stepOf(report, "compute:v1:added")).containsEntry("action", "create");
      assertThat(SyncReport.problems(report))
          .singleElement()
          .asString()
          .startsWith("bad.yaml:5: compute.purpose: ");
      assertThat(poros.get())
          .as("a plan records nothing")
          .extracting(r -> r.get("id"))
          .containsExactly("compute:v1:base");
    }
  }
}
