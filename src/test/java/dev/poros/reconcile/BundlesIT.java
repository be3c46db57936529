package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles expand into members applied in dependency order, each waiting for its conditions. */
class BundlesIT {
  static final String DEPOT = "depot:v1:lake";
  static final String CLUSTER = "cluster:v1:lakeminerva:public";
  static final String WORKFLOW = "workflow:v1:ingest:public";
  static final String BUNDLE = "bundle:v1beta:lake-bundle";

  @TempDir Path tmp;
  TestRepo repo;
  Poros poros;

  @BeforeEach
  void setUp() {
    repo = TestRepo.init(tmp.resolve("repo"));
    poros = new Poros(tmp.resolve("data"));
    repo.copy("bundles/lake-bundle.yaml", "bundle.yaml")
        .copy("bundles/lake-depot.yaml", "members/lake-depot.yaml")
        .copy("bundles/cluster.yaml", "members/cluster.yaml");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void membersApplyInDependencyOrderAndAMemberWaitsUntilItsConditionHolds() {
    repo.commit("bundle");

    Cli.Result first = poros.sync(repo, "-o", "json");

    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(SyncReport.steps(Poros.json(first)))
        .extracting(s -> s.get("id"))
        .containsSubsequence(DEPOT, CLUSTER, WORKFLOW, BUNDLE);
    assertThat(SyncReport.changedSteps(Poros.json(first)))
        .containsOnly(
            Map.entry(DEPOT, "created"),
            Map.entry(CLUSTER, "created"),
            Map.entry(WORKFLOW, "created"),
            Map.entry(BUNDLE, "created"));

    // the cluster breaks while the workflow changes: the workflow's change waits for the cluster
    repo.write(
            "members/cluster.yaml",
            "name: lakeminerva\nversion: v1\ntype: cluster\ncluster:\n  type: trino\n")
        .write("bundle.yaml", repo.read("bundle.yaml").replace("echo loading", "echo loading v2"))
        .commit("cluster broken, workflow changed");
    Cli.Result second = poros.sync(repo, "-o", "json");

    assertThat(SyncReport.stepOf(Poros.json(second), WORKFLOW))
        .containsEntry("action", "waiting")
        .containsEntry("message", "waiting for " + CLUSTER + " is error, want active");
    assertThat(poros.resource(WORKFLOW)).containsEntry("status", "waiting");
    assertThat(poros.resource(CLUSTER)).containsEntry("status", "error");

    repo.copy("bundles/cluster.yaml", "members/cluster.yaml").commit("cluster fixed");
    Cli.Result third = poros.sync(repo, "-o", "json");

    assertThat(third.exitCode()).as(third.all()).isZero();
    assertThat(SyncReport.changedSteps(Poros.json(third))).containsEntry(WORKFLOW, "configured");
    assertThat(poros.resource(WORKFLOW)).containsEntry("status", "active");
  }

  @Test
  void memberFilesAreNotManifestsOfTheirOwnAndMissingOnesAreTheBundlesErrors() {
    repo.write(
            "bundle.yaml",
            repo.read("bundle.yaml")
                .replace("file: members/cluster.yaml", "file: /home/office/cluster.yaml")
                .replace("  resources:", "  Resources:"))
        .commit("laptop path");

    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(SyncReport.problems(Poros.json(sync)))
        .containsExactly(
            "bundle.yaml:12: bundle.Resources[1].file: '/home/office/cluster.yaml' does not exist in this commit (looked for home/office/cluster.yaml)");
    assertThat(Poros.json(sync).get("warnings").toString())
        .contains(
            "write 'resources': 'Resources' is accepted for compatibility with older DataOS docs");
    assertThat(poros.resource(DEPOT)).containsEntry("status", "active");
    assertThat(poros.resource(BUNDLE)).containsEntry("status", "error");
  }
}
