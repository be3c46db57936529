package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poros.apply.Executor;
import dev.poros.apply.StepResult;
import dev.poros.cli.Wiring;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.source.RepoSpec;
import dev.poros.store.ResourceFilter;
import dev.poros.store.SecretVault;
import dev.poros.store.SyncRecord;
import dev.poros.store.SyncStore;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync cut short between any two steps leaves a DB the next sync converges from. */
class CrashRecoveryIT {
  @TempDir Path tmp;

  /** Stands for the process dying: not an exception any layer would catch and report. */
  static final class Crash extends Error {
    Crash() {
      super("simulated crash");
    }
  }

  /** The local executor, until the process "dies" before its {@code crashAt}-th step. */
  static final class CrashingExecutor implements Executor {
    private final Executor delegate;
    private final AtomicInteger steps = new AtomicInteger();
    private final int crashAt;

    CrashingExecutor(int crashAt, Executor delegate) {
      this.crashAt = crashAt;
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public StepResult apply(
        Resource desired, RecordedResource previous, List<Resource> needed, String commit) {
      tick();
      return delegate.apply(desired, previous, needed, commit);
    }

    @Override
    public StepResult delete(RecordedResource recorded) {
      tick();
      return delegate.delete(recorded);
    }

    private void tick() {
      if (steps.incrementAndGet() == crashAt) {
        throw new Crash();
      }
    }
  }

  @Test
  void aSyncThatDiesAtAnyStepIsFinishedByTheNextOne() throws IOException {
    // A → B takes four executor steps: update db-creds, update etl, create counter, delete api.
    for (int crashAt = 1; crashAt <= 4; crashAt++) {
      Path case_ = tmp.resolve("crash-at-" + crashAt);
      try (TestRepo repo = TestRepo.init(case_.resolve("repo"))) {
        repo.copy("spine/compute.yaml", "compute.yaml")
            .copy("spine/db-creds.yaml", "db-creds.yaml")
            .copy("spine/warehouse.yaml", "warehouse.yaml")
            .copy("spine/api.yaml", "api.yaml")
            .copy("spine/app-token.yaml", "app-token.yaml")
            .copy("spine/etl.yaml", "etl.yaml")
            .commit("A");
        RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
        List<RecordedResource> cleanA = syncCleanly(case_.resolve("clean"), spec);
        repo.copy("spine/etl-v2.yaml", "etl.yaml")
            .copy("spine/counter.yaml", "counter.yaml")
            .delete("api.yaml")
            .copy("spine/db-creds-rotated.yaml", "db-creds.yaml")
            .commit("B");
        List<RecordedResource> cleanB = syncCleanly(case_.resolve("clean"), spec);

        Path data = case_.resolve("data");
        // the same secret key, so that secret-bearing resources hash alike in both data dirs
        Files.createDirectories(data);
        Files.copy(
            case_.resolve("clean").resolve(SecretVault.KEY_FILE),
            data.resolve(SecretVault.KEY_FILE));
        syncCleanly(data, spec, "A");
        int crashHere = crashAt;
        try (Wiring dying = new Wiring(data, Clock.systemUTC())) {
          assertThatThrownBy(
                  () ->
                      dying
                          .reconciler(new CrashingExecutor(crashHere, dying.localExecutor()))
                          .reconcile(spec, null, Trigger.CLI, false))
              .isInstanceOf(Crash.class);
        }
        List<RecordedResource> afterRestart = syncCleanly(data, spec);

        assertThat(state(afterRestart)).as("crash at step %d", crashAt).isEqualTo(state(cleanB));
        assertThat(state(cleanA)).isNotEqualTo(state(cleanB));
        try (Wiring wiring = new Wiring(data, Clock.systemUTC())) {
          List<SyncRecord> history = wiring.stores().syncs().history(10);
          assertThat(history)
              .extracting(SyncRecord::outcome)
              .containsExactly("succeeded", SyncStore.INTERRUPTED, "succeeded");
        }
      }
    }
  }

  private static List<RecordedResource> syncCleanly(Path data, RepoSpec spec) {
    return syncCleanly(data, spec, null);
  }

  private static List<RecordedResource> syncCleanly(Path data, RepoSpec spec, String ref) {
    try (Wiring wiring = new Wiring(data, Clock.systemUTC())) {
      SyncResult result =
          wiring
              .reconciler("local")
              .reconcile(spec, ref == null ? null : "HEAD~1", Trigger.CLI, false);
      assertThat(result.outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
      try {
        wiring.workflows().awaitAll();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return wiring.stores().resources().list(ResourceFilter.ALL);
    }
  }

  /**
   * What a resource is: identity, status, content hash. (Not runtime: a workflow run the crash cut
   * short is recorded as failed, as it should be, where the clean path's run succeeded.)
   */
  private static List<String> state(List<RecordedResource> resources) {
    return resources.stream()
        .map(r -> r.key().id() + " " + r.status() + " " + r.hash())
        .sorted()
        .toList();
  }
}
