package dev.poros.reconcile;

import static dev.poros.testing.SyncReport.actions;
import static dev.poros.testing.SyncReport.changedSteps;
import static dev.poros.testing.SyncReport.problems;
import static dev.poros.testing.SyncReport.stepOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.load.ResourceFactory;
import dev.poros.load.SystemResources;
import dev.poros.store.SecretVault;
import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spine end to end: real Git repositories, a real Poros DB, the real CLI. */
class SyncIT {
  static final String COMPUTE = "compute:v1:local";
  static final String SECRET = "instance-secret:v1:db-creds";
  static final String DEPOT = "depot:v1:warehouse";
  static final String ETL = "workflow:v1:etl:public";
  static final String API = "service:v1:api:public";
  static final String TOKEN = "secret:v1:app-token:public";
  static final String POLICY = "policy:v1:access";
  static final String COUNTER = "worker:v1beta:counter:analytics";

  @TempDir Path tmp;
  TestRepo repo;
  Poros poros;

  @BeforeEach
  void commitA() {
    repo = TestRepo.init(tmp.resolve("repo"));
    poros = new Poros(tmp.resolve("data"));
    repo.copy("spine/compute.yaml", "instance/compute.yaml")
        .copy("spine/db-creds.yaml", "instance/db-creds.yaml")
        .copy("spine/warehouse.yaml", "instance/warehouse.yaml")
        .copy("spine/access.yaml", "instance/access.yaml")
        .copy("spine/app-token.yaml", "public/app-token.yaml")
        .copy("spine/etl.yaml", "public/etl.yaml")
        .copy("spine/api.yaml", "public/api.yaml")
        .commit("A");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  /** Commit B: modifies etl, adds the counter worker, deletes the api service. */
  String commitB() {
    return repo.copy("spine/etl-v2.yaml", "public/etl.yaml")
        .copy("spine/counter.yaml", "analytics/counter.yaml")
        .delete("public/api.yaml")
        .commit("B");
  }

  @Test
  void freshSyncRecordsEveryResourceAndASecondSyncOfTheSameCommitChangesNothing() {
    Cli.Result first = poros.sync(repo);

    assertThat(first.exitCode()).as(first.all()).isZero();
    Map<String, Map<String, Object>> byId = byId(poros.get());
    assertThat(byId).containsOnlyKeys(COMPUTE, SECRET, DEPOT, POLICY, TOKEN, ETL, API);
    for (String recordOnly : List.of(COMPUTE, SECRET, DEPOT, POLICY, TOKEN)) {
      assertThat(byId.get(recordOnly))
          .containsEntry("status", "active")
          .containsEntry("runtime", null);
    }
    // the workflow ran once on creation (sync waits for it)
    assertThat(byId.get(ETL))
        .containsEntry("status", "active")
        .containsEntry("runtime", "succeeded")
        .containsEntry("message", "run 1 succeeded 2/2");
    assertThat(first.err()).contains("run 1 of " + ETL + ": succeeded 2/2");
    // the service was started as a supervised process (its command exits, so it restarts)
    assertThat(byId.get(API)).containsEntry("status", "active").containsEntry("runtime", "running");
    long eventsAfterFirst = poros.stores().events().count();
    // seven declared resources, and the built-in ones recorded on the first sync
    int builtIn = SystemResources.load(new ResourceFactory(SecretVault.ephemeral())).size();
    assertThat(eventsAfterFirst).isEqualTo(7 + builtIn);

    Cli.Result second = poros.sync(repo, "-o", "json");

    assertThat(second.exitCode()).isZero();
    assertThat(actions(Poros.json(second))).containsOnly("unchanged");
    assertThat(poros.stores().events().count()).isEqualTo(eventsAfterFirst);
    assertThat(byId(poros.get())).isEqualTo(byId);
  }

  @Test
  void aCommitThatModifiesAddsAndDeletesIsPlannedAsExactlyThoseThreeSteps() {
    poros.sync(repo);
    commitB();

    Cli.Result plan = poros.run("plan", "--repo", repo.dir().toString(), "-o", "json");

    assertThat(plan.exitCode()).as(plan.all()).isZero();
    Map<String, String> changes = changedSteps(Poros.json(plan));
    assertThat(changes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(ETL, "update", COUNTER, "create", API, "delete"));
    assertThat(stepOf(Poros.json(plan), ETL).get("diff").toString())
        .contains("-      script: echo extract\n", "+      script: echo extract --incremental\n");

    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(changedSteps(Poros.json(sync)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(ETL, "configured", COUNTER, "created", API, "deleted"));
    Map<String, Map<String, Object>> live = byId(poros.get());
    assertThat(live).containsOnlyKeys(COMPUTE, SECRET, DEPOT, POLICY, TOKEN, ETL, COUNTER);
    assertThat(poros.resource(API)).containsEntry("status", "deleted");
  }

  @Test
  void revertingACommitConvergesBackToTheStateBeforeIt() {
    poros.sync(repo);
    Map<String, Map<String, Object>> afterA = byId(poros.get());
    String b = commitB();
    poros.sync(repo);

    repo.revert(b);
    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    assertThat(changedSteps(Poros.json(sync)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(ETL, "configured", COUNTER, "deleted", API, "created"));
    Map<String, Map<String, Object>> afterRevert = byId(poros.get());
    assertThat(afterRevert.keySet()).isEqualTo(afterA.keySet());
    for (String id : afterA.keySet()) {
      assertThat(afterRevert.get(id).get("hash")).as(id).isEqualTo(afterA.get(id).get("hash"));
      assertThat(afterRevert.get(id).get("status")).as(id).isEqualTo(afterA.get(id).get("status"));
    }
    assertThat(poros.resource(COUNTER)).containsEntry("status", "deleted");
  }

  @Test
  void brokenFilesFailOnlyTheirOwnResourcesAndDeleteNothing() {
    poros.sync(repo);
    repo.write(
            "public/api.yaml", "name: api\nversion: v1\ntype: service\nservice:\n  replicas: [1\n")
        .copy("broken/missing-field.yaml", "broken/missing-field.yaml")
        .copy("broken/unknown-type.yaml", "broken/unknown-type.yaml")
        .copy("broken/duplicate.yaml", "broken/duplicate.yaml")
        .copy("broken/dangling.yaml", "broken/dangling.yaml")
        .copy("broken/cycle.yaml", "broken/cycle.yaml")
        .copy("spine/counter.yaml", "analytics/counter.yaml")
        .copy("spine/etl-v2.yaml", "public/etl.yaml")
        .commit("C: one good change among broken files");

    Cli.Result sync = poros.sync(repo, "-o", "json");

    assertThat(sync.exitCode()).isEqualTo(1);
    List<String> problems = problems(Poros.json(sync));
    assertThat(problems)
        .contains(
            "public/api.yaml:5: : invalid YAML: while parsing a flow sequence; expected ',' or ']', but got <stream end>",
            "broken/missing-field.yaml:1: compute: required field missing",
            "broken/unknown-type.yaml:3: type: unknown type 'gizmo' (one of: workflow, service, worker, secret, instance-secret, depot, policy, admission-policy, compute, stack, cluster, bundle)",
            "broken/duplicate.yaml:2: name: duplicate identity compute:v1:local: also declared at instance/compute.yaml:1",
            "instance/compute.yaml:1: name: duplicate identity compute:v1:local: also declared at broken/duplicate.yaml:2",
            "broken/dangling.yaml:9: workflow.dag[0].spec.compute: compute 'nowhere' is not declared in this commit",
            "broken/cycle.yaml:4: dependencies[0]: dependency cycle: worker:v1:chicken:public → worker:v1:egg:public → worker:v1:chicken:public",
            "broken/cycle.yaml:11: dependencies[0]: dependency cycle: worker:v1:chicken:public → worker:v1:egg:public → worker:v1:chicken:public");
    // the good changes in the same commit went through
    assertThat(poros.resource(COUNTER)).containsEntry("status", "active");
    assertThat(poros.resource(ETL)).containsEntry("status", "active");
    // what the broken file declared stays, marked as failing, spec untouched
    assertThat(poros.resource(API)).containsEntry("status", "error");
    assertThat(poros.resource(API).get("message").toString()).contains("public/api.yaml:5");
    // the duplicated compute keeps what it had, as an error, and nothing that needs it broke
    assertThat(poros.resource(COMPUTE)).containsEntry("status", "error");
    assertThat(poros.resource("workflow:v1:orphan:public")).containsEntry("status", "error");
  }

  private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> resources) {
    return resources.stream()
        .collect(Collectors.toMap(r -> (String) r.get("id"), Function.identity()));
  }
}
