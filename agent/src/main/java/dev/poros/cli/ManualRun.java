package dev.poros.cli;

import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.reconcile.Reconciler;
import dev.poros.render.RenderException;
import java.io.PrintWriter;

/**
 * A workflow run now, of its last applied spec, waited for: {@code poros run WORKFLOW} and {@code
 * poros runtime re-run WORKFLOW}.
 */
final class ManualRun {
  private ManualRun() {}

  /** Runs {@code workflow} (id or name) through {@code wiring}; the exit code its outcome gives. */
  static int run(Wiring wiring, String workflow, PrintWriter out) throws InterruptedException {
    Reconciler.Judgement recorded = wiring.reconciler("local").judgeRecorded();
    Resource target = Resources.find(recorded.desired(), workflow, ResourceType.WORKFLOW);
    long runId;
    try {
      runId = wiring.workflows().start(target, recorded.needed(target), "manual");
    } catch (RenderException e) {
      throw new UsageException(target.key().id() + ": " + e.getMessage());
    }
    out.printf("run %d of %s started%n", runId, target.key().id());
    out.flush();
    String state = wiring.workflows().await(runId);
    RuntimeView.print(out, wiring.stores(), target.key().id(), 1);
    return state.equals("succeeded") ? ExitCodes.OK : ExitCodes.RESOURCE_FAILED;
  }
}
