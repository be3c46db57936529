package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.apply.Executor;
import dev.poros.apply.StepResult;
import dev.poros.cli.Wiring;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.Status;
import dev.poros.source.RepoSpec;
import dev.poros.store.ResourceFilter;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A file that was synced and then breaks, in each way a manifest can break: its resource turns
 * {@code error} with the problem at file:line, keeps what it last applied (hash and spec), nothing
 * is deleted, and the executor is not called for it at all.
 */
class BrokenAfterSyncIT {
  static final ResourceKey NIGHTLY = new ResourceKey("workflow:v1:nightly:public");

  @TempDir Path tmp;

  static final String COMPUTE =
      "name: local\nversion: v1\ntype: compute\ncompute: {purpose: runnable}\n";

  /** A workflow scheduled far away (so no run starts) on the container stack, its spec as given. */
  static String nightly(String extra, String section) {
    return "name: nightly\nversion: v1\ntype: workflow\nworkspace: public\n" + extra + section;
  }

  static final String GOOD_SECTION =
      "workflow:\n  schedule: {cron: '0 0 0 1 1 ? 2099'}\n  dag:\n    - name: a\n      spec:\n"
          + "        stack: container\n        compute: local\n"
          + "        stackSpec: {image: busybox, command: [echo, hi]}\n";

  static Stream<Arguments> breakages() {
    return Stream.of(
        Arguments.of(
            "a required field missing",
            nightly("", ""),
            "w.yaml:1: workflow: required field missing"),
        Arguments.of(
            "an unknown type",
            nightly("", GOOD_SECTION).replace("type: workflow", "type: workflo"),
            "w.yaml:3: type: unknown type 'workflo'"),
        Arguments.of(
            "a dangling reference",
            nightly("", GOOD_SECTION.replace("compute: local", "compute: nowhere")),
            "compute 'nowhere' is not declared"),
        Arguments.of(
            "a dependency cycle",
            nightly("dependencies: [workflow:v1:nightly:public]\n", GOOD_SECTION),
            "dependency cycle"),
        Arguments.of(
            "a stackSpec its stack's schema refuses",
            nightly("", GOOD_SECTION.replace("image: busybox, ", "")),
            "w.yaml:12: workflow.dag[0].spec.stackSpec.image: required field missing"));
  }

  /** The local executor, telling which resources it was asked to apply or delete. */
  static final class Counting implements Executor {
    final Executor inner;
    final List<String> calls = new CopyOnWriteArrayList<>();

    Counting(Executor inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public StepResult apply(
        Resource desired, RecordedResource previous, List<Resource> needed, String commit) {
      calls.add("apply " + desired.key().id());
      return inner.apply(desired, previous, needed, commit);
    }

    @Override
    public StepResult delete(RecordedResource recorded) {
      calls.add("delete " + recorded.key().id());
      return inner.delete(recorded);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breakages")
  void aSyncedFileThatBreaksTurnsErrorKeepsWhatItAppliedAndIsNotTouched(
      String how, String broken, String problem) {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      Counting executor = new Counting(wiring.localExecutor());
      Reconciler reconciler = wiring.reconciler(executor);
      repo.write("c.yaml", COMPUTE).write("w.yaml", nightly("", GOOD_SECTION)).commit("good");
      SyncResult first = reconciler.reconcile(spec, null, Trigger.CLI, false);
      assertThat(first.problems()).isEmpty();
      RecordedResource applied = wiring.stores().resources().get(NIGHTLY).orElseThrow();
      assertThat(applied.status()).isEqualTo(Status.ACTIVE);
      executor.calls.clear();

      repo.write("w.yaml", broken).commit("broken: " + how);
      SyncResult second = reconciler.reconcile(spec, null, Trigger.CLI, false);

      assertThat(second.problems())
          .as(how)
          .anySatisfy(p -> assertThat(p.toString()).contains(problem));
      RecordedResource after = wiring.stores().resources().get(NIGHTLY).orElseThrow();
      assertThat(after.status()).isEqualTo(Status.ERROR);
      assertThat(after.message()).contains("w.yaml:");
      assertThat(after.hash()).as("what it last applied stays").isEqualTo(applied.hash());
      assertThat(after.maskedJson()).isEqualTo(applied.maskedJson());
      assertThat(wiring.stores().resources().list(ResourceFilter.LIVE))
          .extracting(r -> r.key().id())
          .contains("compute:v1:local", NIGHTLY.id());
      assertThat(wiring.schedules().isScheduled(NIGHTLY.id()))
          .as("its schedule keeps running")
          .isTrue();
      assertThat(executor.calls).as("the executor was not called").isEmpty();
    }
  }
}
