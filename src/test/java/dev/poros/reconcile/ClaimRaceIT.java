package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.source.RepoSpec;
import dev.poros.testing.HeldExecutor;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two repositories of one agent declare the same resource and sync at the same moment: the one that
 * records first owns it, and the other — though its plan, made before, saw no owner — is refused it
 * as owned elsewhere instead of applying it too (and later pruning the other's objects).
 */
class ClaimRaceIT {
  @TempDir Path tmp;

  static String compute(String purpose) {
    return "name: shared\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  @Test
  void twoRepositoriesClaimingOneResourceAtOnceLeaveItToTheFirstThatRecords() throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    try (TestRepo a = TestRepo.init(tmp.resolve("a"));
        TestRepo b = TestRepo.init(tmp.resolve("b"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      a.write("shared.yaml", compute("runnable")).commit("a's");
      b.write("shared.yaml", compute("query")).commit("b's");
      HeldExecutor held = new HeldExecutor(wiring.localExecutor());
      Reconciler first = wiring.reconciler(held);
      Reconciler second = wiring.reconciler("local");

      Future<SyncResult> firstSync =
          background.submit(
              () ->
                  first.reconcile(
                      RepoSpec.of(a.dir().toString(), null, ""), null, Trigger.CLI, false));
      assertThat(held.awaitHeld()).isTrue();
      SyncResult secondSync =
          second.reconcile(RepoSpec.of(b.dir().toString(), null, ""), null, Trigger.CLI, false);
      held.release();
      SyncResult late = firstSync.get(30, TimeUnit.SECONDS);

      assertThat(secondSync.plan().rejected()).isEmpty();
      assertThat(late.plan().rejected())
          .singleElement()
          .satisfies(
              rejected ->
                  assertThat(rejected.problems().get(0).message())
                      .contains("already managed by repository"));
      assertThat(wiring.stores().resources().get(new ResourceKey("compute:v1:shared")))
          .get()
          .extracting(RecordedResource::maskedJson)
          .asString()
          .contains("query");
    } finally {
      background.shutdownNow();
    }
  }
}
