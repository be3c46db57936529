package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Following the remote's HEAD, then naming the branch it is on (or the other way round), is the
 * same repository: its resources stay its own instead of turning "owned by another repository".
 */
class BranchNamingIT {
  @TempDir Path tmp;

  @Test
  void namingTheBranchHeadIsOnKeepsTheRepositorysResources() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("c.yaml", "name: c\nversion: v1\ntype: compute\ncompute: {purpose: x}\n")
          .write("d.yaml", "name: d\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
          .commit("two resources");
      Poros poros = new Poros(tmp.resolve("data"));

      assertThat(poros.sync(repo).out()).contains("2 created");
      Cli.Result named = poros.sync(repo, "--branch", "main");
      assertThat(named.exitCode()).as(named.all()).isZero();
      assertThat(named.out()).contains("0 created", "2 unchanged", "0 invalid");
      Cli.Result headAgain = poros.sync(repo);
      assertThat(headAgain.exitCode()).as(headAgain.all()).isZero();
      assertThat(headAgain.out()).contains("2 unchanged", "0 invalid");

      Cli.Result history = poros.run("history", "-o", "json");
      assertThat(
              JsonMapper.shared().readTree(history.out()).findValuesAsString("repository").stream()
                  .distinct())
          .as("one repository, not one per spelling of its branch")
          .containsExactly(repo.dir().toString());
    }
  }
}
