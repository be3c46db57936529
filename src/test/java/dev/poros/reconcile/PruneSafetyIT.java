package dev.poros.reconcile;

import static dev.poros.testing.SyncReport.problems;
import static dev.poros.testing.SyncReport.stepOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is deleted unless Git really says so: a broken file, a {@code file:} that points at a
 * manifest, bundles that point at each other, a missing folder, an empty commit, a huge file — none
 * of them prunes what the repository still declares.
 */
class PruneSafetyIT {
  static final String DEPOT = "depot:v1:victim";
  static final String OTHER = "depot:v1:bystander";
  static final String WORKFLOW = "workflow:v1:thief:public";

  @TempDir Path tmp;
  TestRepo repo;
  Poros poros;

  @BeforeEach
  void setUp() {
    repo = TestRepo.init(tmp.resolve("repo"));
    poros = new Poros(tmp.resolve("data"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  static String depot(String name) {
    return "name: "
        + name
        + "\nversion: v1\ntype: depot\ndepot:\n  type: file\n  spec: {path: /tmp/"
        + name
        + "}\n";
  }

  String status(String id) {
    Map<String, Object> resource = poros.resource(id);
    return resource == null ? "absent" : (String) resource.get("status");
  }

  @Test
  void aFileThatCannotBeReadHoldsEveryDeletionOfItsCommitAndTheNextCleanCommitPrunes() {
    repo.write("depots/victim.yaml", depot("victim"))
        .write("depots/bystander.yaml", depot("bystander"))
        .commit("two depots");
    assertThat(poros.sync(repo).exitCode()).isZero();
    String hash = (String) poros.resource(DEPOT).get("hash");

    // git mv plus a typo: the new file may well declare the same depot; Poros cannot know
    repo.delete("depots/victim.yaml")
        .write("depots/renamed-victim.yaml", depot("victim").replace("type: depot", "type: [depot"))
        .delete("depots/bystander.yaml")
        .commit("rename with a typo, and a real removal");
    Cli.Result held = poros.sync(repo, "-o", "json");

    assertThat(held.exitCode()).as(held.all()).isEqualTo(1);
    Map<String, Object> report = Poros.json(held);
    assertThat(stepOf(report, DEPOT))
        .containsEntry("action", "held")
        .extractingByKey("message")
        .asString()
        .contains("nothing is pruned while a file cannot be read", "depots/renamed-victim.yaml:4");
    assertThat(stepOf(report, OTHER)).containsEntry("action", "held");
    assertThat(status(DEPOT)).isEqualTo("active");
    assertThat(poros.resource(DEPOT)).containsEntry("hash", hash);
    assertThat(status(OTHER)).isEqualTo("active");

    repo.write("depots/renamed-victim.yaml", depot("victim")).commit("typo fixed");
    Cli.Result fixed = poros.sync(repo, "-o", "json");

    assertThat(fixed.exitCode()).as(fixed.all()).isZero();
    assertThat(SyncReport.changedSteps(Poros.json(fixed)))
        .containsEntry(OTHER, "deleted")
        .containsEntry(DEPOT, "configured"); // moved to its new file, same spec
    assertThat(poros.resource(DEPOT))
        .containsEntry("hash", hash)
        .containsEntry("file", "depots/renamed-victim.yaml");
  }

  @Test
  void aJobFileThatPointsAtAManifestIsTheWorkflowsErrorAndTheManifestStaysDeclared() {
    repo.write("instance/depots/victim.yaml", depot("victim")).commit("a depot");
    assertThat(poros.sync(repo).exitCode()).isZero();

    repo.write(
            "public/workflows/thief.yaml",
            "name: thief\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n    - name: steal\n"
                + "      file: ../../instance/depots/victim.yaml\n")
        .commit("a workflow whose job points at the depot");
    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
    Map<String, Object> report = Poros.json(sync);
    assertThat(stepOf(report, DEPOT)).containsEntry("action", "unchanged");
    assertThat(stepOf(report, WORKFLOW)).containsEntry("action", "invalid");
    assertThat(problems(report))
        .anyMatch(
            p ->
                p.startsWith("public/workflows/thief.yaml:7: workflow.dag[0].file:")
                    && p.contains(
                        "'instance/depots/victim.yaml' is a manifest of its own (depot:v1:victim)"));
    assertThat(status(DEPOT)).isEqualTo("active");
  }

  @Test
  void bundlesThatPointAtEachOtherAreAnErrorNamingBothAndNothingDisappears() {
    repo.write("depots/bystander.yaml", depot("bystander"))
        .write(
            "bundles/a.yaml",
            "name: a\nversion: v1beta\ntype: bundle\nbundle:\n  resources:\n    - id: m\n      file: ../members/m.yaml\n")
        .write("members/m.yaml", depot("member"))
        .commit("a bundle with a member");
    assertThat(poros.sync(repo).exitCode()).isZero();
    assertThat(status("depot:v1:member")).isEqualTo("active");

    repo.write(
            "bundles/a.yaml",
            "name: a\nversion: v1beta\ntype: bundle\nbundle:\n  resources:\n    - id: b\n      file: b.yaml\n")
        .write(
            "bundles/b.yaml",
            "name: b\nversion: v1beta\ntype: bundle\nbundle:\n  resources:\n    - id: a\n      file: a.yaml\n")
        .delete("depots/bystander.yaml")
        .commit("bundles pointing at each other");
    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
    String cycle =
        "bundle member files form a cycle: bundles/a.yaml → bundles/b.yaml → bundles/a.yaml";
    assertThat(problems(Poros.json(sync)))
        .contains(
            "bundles/a.yaml:5: bundle.resources: " + cycle,
            "bundles/b.yaml:5: bundle.resources: " + cycle);
    assertThat(status("depot:v1:member")).isEqualTo("active");
    assertThat(status(OTHER)).isEqualTo("active");
    assertThat(status("bundle:v1beta:a")).isNotEqualTo("deleted");
  }

  @Test
  void aBundleThatPointsAtItselfIsAnError() {
    repo.write(
            "bundles/self.yaml",
            "name: self\nversion: v1beta\ntype: bundle\nbundle:\n  resources:\n    - id: me\n      file: self.yaml\n")
        .commit("a bundle that contains itself");

    Cli.Result validate = Cli.run("validate", repo.dir().toString());

    assertThat(validate.out())
        .contains(
            "bundles/self.yaml:5: bundle.resources: bundle member files form a cycle: bundles/self.yaml → bundles/self.yaml");
  }

  @Test
  void aRenamedPathFolderIsAFailedSyncThatPrunesNothing() {
    repo.write("deploy/victim.yaml", depot("victim")).commit("deploy folder");
    assertThat(poros.sync(repo, "--path", "deploy").exitCode()).isZero();

    repo.delete("deploy/victim.yaml")
        .write("deploy-v2/victim.yaml", depot("victim"))
        .commit("folder renamed");
    Cli.Result sync = poros.sync(repo, "--path", "deploy");

    assertThat(sync.exitCode()).isEqualTo(2);
    assertThat(sync.err()).contains("path 'deploy' does not exist in commit", "nothing pruned");
    assertThat(status(DEPOT)).isEqualTo("active");
    assertThat(lastSync()).containsEntry("outcome", "failed");
    assertThat((String) lastSync().get("message")).contains("path 'deploy' does not exist");
  }

  @Test
  void aDefaultBranchWithoutTheFolderIsAFailedSyncThatPrunesNothing() throws IOException {
    repo.write("deploy/victim.yaml", depot("victim")).commit("on main");
    assertThat(poros.sync(repo, "--path", "deploy").exitCode()).isZero();
    // the remote's HEAD moves to a new, orphan branch that has no deploy/ folder
    try (var git = new FileRepositoryBuilder().setWorkTree(repo.dir().toFile()).build()) {
      RefUpdate head = git.updateRef("HEAD");
      assertThat(head.link("refs/heads/rewrite"))
          .isIn(RefUpdate.Result.FORCED, RefUpdate.Result.NEW, RefUpdate.Result.NO_CHANGE);
    }
    repo.delete("deploy/victim.yaml")
        .write("README.yaml", "note: rewrite\n")
        .commit("rewrite branch");

    Cli.Result sync = poros.sync(repo, "--path", "deploy");

    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(2);
    assertThat(sync.err()).contains("path 'deploy' does not exist", "(branch rewrite)");
    assertThat(status(DEPOT)).isEqualTo("active");
  }

  @Test
  void aCommitThatDeclaresNothingPrunesNothingUnlessItIsAllowed() {
    repo.write("victim.yaml", depot("victim"))
        .write("bystander.yaml", depot("bystander"))
        .commit("two");
    assertThat(poros.sync(repo).exitCode()).isZero();
    repo.delete("victim.yaml")
        .delete("bystander.yaml")
        .write("notes.txt", "gone\n")
        .commit("all removed");

    Cli.Result refused = poros.sync(repo);

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("declares no resources where 2 are applied", "allowEmpty: true");
    assertThat(status(DEPOT)).isEqualTo("active");
    assertThat(status(OTHER)).isEqualTo("active");
    assertThat(lastSync()).containsEntry("outcome", "failed");

    Cli.Result allowed = poros.sync(repo, "--allow-empty", "-o", "json");

    assertThat(allowed.exitCode()).as(allowed.all()).isZero();
    assertThat(SyncReport.changedSteps(Poros.json(allowed)))
        .containsExactlyInAnyOrderEntriesOf(Map.of(DEPOT, "deleted", OTHER, "deleted"));
  }

  @Test
  void filesOverTheSizeLimitAreHeldWithTheirSizeAndTheOthersSync() {
    repo.write("victim.yaml", depot("victim"))
        .write("big/huge.yaml", depot("huge"))
        .commit("small");
    assertThat(poros.sync(repo).exitCode()).isZero();
    // 60 MiB of comments after a valid manifest, and a 10 MB single-line string
    StringBuilder huge = new StringBuilder(depot("huge"));
    String comment = "# " + "x".repeat(1022) + "\n";
    while (huge.length() < 60 * 1024 * 1024) {
      huge.append(comment);
    }
    repo.write("big/huge.yaml", huge.toString())
        .write(
            "big/line.yaml",
            "name: line\nversion: v1\ntype: depot\ndescription: \""
                + "y".repeat(10_000_000)
                + "\"\n")
        .write("bystander.yaml", depot("bystander"))
        .commit("two huge files and a good one");
    huge.setLength(0);

    Cli.Result sync =
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> poros.sync(repo, "-o", "json"));

    assertThat(sync.exitCode()).as(sync.err()).isEqualTo(1);
    Map<String, Object> report = Poros.json(sync);
    assertThat(problems(report))
        .anyMatch(
            p -> p.matches("big/huge\\.yaml:1: : too large \\(629\\d{5} bytes, limit 3145728\\)"))
        .anyMatch(
            p ->
                p.matches(
                    "big/line\\.yaml:1: : too large \\(100000\\d\\d bytes, limit 3145728\\)"));
    assertThat(stepOf(report, OTHER)).containsEntry("action", "created");
    assertThat(stepOf(report, "depot:v1:huge")).containsEntry("action", "held");
    assertThat(poros.resource("depot:v1:huge"))
        .containsEntry("status", "error") // its own file is the broken one; what runs stays
        .extractingByKey("message")
        .asString()
        .contains("too large");
    assertThat(status(DEPOT)).isEqualTo("active");
    assertThat(lastSync()).containsEntry("outcome", "degraded");
  }

  @Test
  void anchorsAliasesAndMergeKeysSyncToWhatTheSameManifestWrittenOutDoes() {
    TestRepo plain = TestRepo.init(tmp.resolve("plain"));
    plain
        .write(
            "wf.yaml",
            "name: greet\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: a\n      spec: {script: echo hello, envs: {LANG: C, TZ: UTC}}\n"
                + "    - name: b\n      dependencies: [a]\n      spec: {script: echo hello, envs: {LANG: C, TZ: UTC}}\n")
        .commit("written out");
    repo.write(
            "wf.yaml",
            "name: greet\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: a\n      spec: &spec\n        script: &greet echo hello\n        envs: {LANG: C, TZ: UTC}\n"
                + "    - name: b\n      dependencies: [a]\n      spec:\n        <<: *spec\n        script: *greet\n")
        .commit("with anchors");
    Poros other = new Poros(tmp.resolve("other-data"));

    Cli.Result anchored = poros.sync(repo);
    Cli.Result written = other.sync(plain);

    assertThat(anchored.exitCode()).as(anchored.all()).isZero();
    assertThat(written.exitCode()).as(written.all()).isZero();
    assertThat(poros.resource("workflow:v1:greet:public").get("hash"))
        .isEqualTo(other.resource("workflow:v1:greet:public").get("hash"));
    plain.close();
  }

  @Test
  void anAliasBombIsAClearErrorOfItsFile() {
    StringBuilder bomb =
        new StringBuilder(
            "name: bomb\nversion: v1\ntype: depot\nlol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("lol").append(i).append(": &a").append(i).append(" [");
      bomb.append(String.join(", ", Collections.nCopies(10, "*a" + (i - 1))));
      bomb.append("]\n");
    }
    repo.write("bomb.yaml", bomb.toString()).write("fine.yaml", depot("bystander")).commit("bomb");

    Cli.Result validate =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> Cli.run("validate", repo.dir().toString()));

    assertThat(validate.exitCode()).isEqualTo(1);
    assertThat(validate.out())
        .containsPattern(
            "bomb\\.yaml:\\d+: invalid YAML: aliases expand to more than 100000 YAML nodes");
  }

  Map<String, Object> lastSync() {
    Cli.Result history = poros.run("history", "-o", "json");
    return Poros.jsonArray(history).get(0);
  }
}
