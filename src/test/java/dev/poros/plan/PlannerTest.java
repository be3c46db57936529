package dev.poros.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.DesiredState;
import dev.poros.model.Health;
import dev.poros.model.Layer;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.SecretData;
import dev.poros.model.Status;
import dev.poros.testing.Declared;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static final String COMPUTE =
      "name: local\nversion: v1\ntype: compute\ncompute: {purpose: runnable}\n";
  static final String SECRET =
      "name: creds\nversion: v1\ntype: instance-secret\ninstance-secret: {type: key-value, data: {pw: x}}\n";
  static final String DEPOT =
      "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3, secrets: [{name: creds}]}\n";
  static final String WORKFLOW =
      "name: etl\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n    - name: a\n      spec: {compute: local, depot: lake, script: echo}\n";
  static final String SERVICE =
      "name: api\nversion: v1\ntype: service\nservice: {compute: local, script: echo}\n";

  final Planner planner = new Planner();
  final Declared declared = new Declared();

  DesiredState desired(Map<String, String> files) {
    return declared.desired(files);
  }

  static Map<String, String> files(String... pathsAndContents) {
    return Declared.files(pathsAndContents);
  }

  static RecordedResource recorded(Resource r, Status status) {
    return recorded(r, status, r.maskedJson());
  }

  static RecordedResource recorded(Resource r, Status status, String spec) {
    return new RecordedResource(
        r.key(),
        1,
        r.typeLabel(),
        r.version(),
        r.name(),
        r.workspace(),
        Layer.USER,
        "local",
        spec,
        r.hash(),
        "c0",
        r.origin().file(),
        status,
        null,
        Health.HEALTHY,
        "",
        Instant.EPOCH,
        Instant.EPOCH,
        "");
  }

  static List<RecordedResource> recordedAll(DesiredState state) {
    return state.resources().stream().map(r -> recorded(r, Status.ACTIVE)).toList();
  }

  static List<String> ids(Plan plan) {
    return plan.steps().stream().map(s -> s.action().label() + " " + s.key().id()).toList();
  }

  /**
   * A whole judgement holds every row beside the loaded commit: a row takes the loaded resource's
   * equal identity, name and spec text instead of keeping its own copies (at 50,000 resources, what
   * 256 MiB lacked), and still plans unchanged.
   */
  @Test
  void aRowSharesAnEqualSpecTextAndKeepsItsOwnOtherwise() {
    DesiredState state = desired(files("c.yaml", COMPUTE));
    Resource compute = state.resources().get(0);
    // as read from the DB: an equal identity, name and text of its own
    RecordedResource written = recorded(compute, Status.ACTIVE);
    RecordedResource row =
        new RecordedResource(
            new ResourceKey(new String(compute.key().id())),
            written.repositoryId(),
            written.type(),
            written.version(),
            new String(compute.name()),
            written.workspace(),
            written.layer(),
            written.executor(),
            new String(compute.maskedJson()),
            new String(written.hash()),
            written.commit(),
            written.sourceFile(),
            written.status(),
            written.runtime(),
            written.health(),
            written.message(),
            written.createdAt(),
            written.updatedAt(),
            written.drift());
    assertThat(row.maskedJson()).isEqualTo(compute.maskedJson()).isNotSameAs(compute.maskedJson());
    assertThat(row.key()).isEqualTo(compute.key()).isNotSameAs(compute.key());

    RecordedResource shared = row.sharing(compute);

    assertThat(shared.maskedJson()).isSameAs(compute.maskedJson());
    assertThat(shared.key()).isSameAs(compute.key());
    assertThat(shared.name()).isSameAs(compute.name());
    assertThat(shared.hash()).isSameAs(compute.hash());
    assertThat(shared).isEqualTo(row);
    Resource other =
        desired(files("c.yaml", COMPUTE.replace("purpose: runnable", "purpose: other")))
            .resources()
            .get(0);
    assertThat(row.sharing(other).maskedJson()).isSameAs(row.maskedJson());
    assertThat(row.sharing(other).hash()).isSameAs(row.hash());
    assertThat(ids(planner.plan(state, List.of(shared), Map.of())))
        .containsExactly("unchanged compute:v1:local");
  }

  @Test
  void createsInDependencyOrderThenByKind() {
    DesiredState state =
        desired(
            files(
                "w.yaml", WORKFLOW, "s.yaml", SERVICE, "d.yaml", DEPOT, "c.yaml", COMPUTE, "k.yaml",
                SECRET));

    Plan plan = planner.plan(state, List.of(), Map.of());

    assertThat(ids(plan))
        .containsExactly(
            "create instance-secret:v1:creds",
            "create depot:v1:lake",
            "create compute:v1:local",
            "create workflow:v1:etl:public",
            "create service:v1:api:public");
  }

  @Test
  void aCreationsDiffAddsItsWholeSpecWithSecretsMasked() {
    Plan plan = planner.plan(desired(files("k.yaml", SECRET)), List.of(), Map.of());

    assertThat(plan.steps().get(0).diff())
        .startsWith("--- /dev/null\n+++ b/instance-secret:v1:creds\n@@ -1,0 +1,")
        .contains("+name: creds\n", "+    pw: '" + SecretData.MASK + "'\n")
        .doesNotContain("pw: x");
  }

  @Test
  void aDeclaredDependencyWinsOverTheKindOrder() {
    // by kind, depots come before workflows and workers before services; these say the opposite
    String worker =
        "name: poller\nversion: v1\ntype: worker\ndependencies: [api]\n"
            + "worker: {compute: local, script: echo}\n";
    String depot =
        "name: outputs\nversion: v1\ntype: depot\ndependencies: [workflow:v1:etl:public]\n"
            + "depot: {type: S3, spec: {bucket: out}}\n";
    DesiredState state =
        desired(
            files(
                "p.yaml", worker, "o.yaml", depot, "s.yaml", SERVICE, "w.yaml", WORKFLOW, "d.yaml",
                DEPOT, "c.yaml", COMPUTE, "k.yaml", SECRET));
    assertThat(state.problems()).isEmpty();

    Plan plan = planner.plan(state, List.of(), Map.of());

    assertThat(ids(plan))
        .containsSubsequence("create service:v1:api:public", "create worker:v1:poller:public")
        .containsSubsequence("create workflow:v1:etl:public", "create depot:v1:outputs");
  }

  @Test
  void unchangedResourcesAreUnchangedAndChangedOnesAreUpdatesWithADiff() {
    DesiredState before = desired(files("c.yaml", COMPUTE, "s.yaml", SERVICE));
    DesiredState after =
        desired(
            files("c.yaml", COMPUTE, "s.yaml", SERVICE.replace("script: echo", "script: echo v2")));

    Plan plan = planner.plan(after, recordedAll(before), Map.of());

    assertThat(ids(plan))
        .containsExactly("unchanged compute:v1:local", "update service:v1:api:public");
    PlanStep update = plan.steps().get(1);
    assertThat(update.reason()).isEqualTo("spec changed");
    assertThat(update.diff()).contains("-  script: echo\n", "+  script: echo v2\n");
    assertThat(plan.changes()).isTrue();
  }

  @Test
  void prunesWhatIsNoLongerDeclaredLastAndInReverseKindOrder() {
    DesiredState before =
        desired(files("c.yaml", COMPUTE, "s.yaml", SERVICE, "k.yaml", SECRET, "d.yaml", DEPOT));
    DesiredState after = desired(files("c.yaml", COMPUTE));

    Plan plan = planner.plan(after, recordedAll(before), Map.of());

    assertThat(ids(plan))
        .containsExactly(
            "unchanged compute:v1:local",
            "delete service:v1:api:public",
            "delete depot:v1:lake",
            "delete instance-secret:v1:creds");
    assertThat(plan.steps().get(1).reason()).isEqualTo("no longer declared in s.yaml");
  }

  @Test
  void neverPrunesWhatABrokenFileDeclaredAndHoldsItInstead() {
    DesiredState before = desired(files("c.yaml", COMPUTE, "s.yaml", SERVICE));
    DesiredState after = desired(files("c.yaml", COMPUTE, "s.yaml", "name: api\nversion: [v1\n"));

    Plan plan = planner.plan(after, recordedAll(before), Map.of());

    assertThat(ids(plan)).containsExactly("unchanged compute:v1:local");
    assertThat(plan.held())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.recorded().key().id()).isEqualTo("service:v1:api:public");
              assertThat(h.reason()).startsWith("kept: s.yaml:2: invalid YAML");
            });
  }

  @Test
  void aRejectedResourceIsNeitherAppliedNorPruned() {
    DesiredState before = desired(files("c.yaml", COMPUTE, "s.yaml", SERVICE));
    DesiredState after =
        desired(
            files("c.yaml", COMPUTE, "s.yaml", SERVICE.replace("compute: local", "compute: gone")));

    Plan plan = planner.plan(after, recordedAll(before), Map.of());

    assertThat(ids(plan)).containsExactly("unchanged compute:v1:local");
    assertThat(plan.rejected())
        .extracting(r -> r.resource().key().id())
        .containsExactly("service:v1:api:public");
  }

  @Test
  void aDeletedOrNeverAppliedRecordIsCreatedAgainAndAFailedOneIsRetried() {
    DesiredState state = desired(files("c.yaml", COMPUTE, "s.yaml", SERVICE));
    Resource compute = state.resources().get(0);
    Resource service = state.resources().get(1);
    RecordedResource failed = recorded(service, Status.ERROR);
    failed =
        new RecordedResource(
            failed.key(),
            1,
            failed.type(),
            failed.version(),
            failed.name(),
            failed.workspace(),
            Layer.USER,
            "local",
            failed.maskedJson(),
            failed.hash(),
            "c0",
            "s.yaml",
            Status.ERROR,
            null,
            Health.DEGRADED,
            "boom",
            Instant.EPOCH,
            Instant.EPOCH,
            "");

    Plan plan = planner.plan(state, List.of(recorded(compute, Status.DELETED), failed), Map.of());

    assertThat(ids(plan))
        .containsExactly("create compute:v1:local", "update service:v1:api:public");
    assertThat(plan.steps().get(0).reason()).isEqualTo("declared again in c.yaml");
    assertThat(plan.steps().get(1).reason()).isEqualTo("retry: boom");
  }

  @Test
  void aResourceAnotherRepositoryManagesIsRejectedNotTakenOver() {
    DesiredState state = desired(files("c.yaml", COMPUTE));

    Plan plan =
        planner.plan(
            state, List.of(), Map.of(new ResourceKey("compute:v1:local"), "git@example:other.git"));

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.rejected().get(0).message())
        .contains("already managed by repository git@example:other.git");
  }
}
