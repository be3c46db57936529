package dev.poros.apply.local;

import dev.poros.model.ProcessStamp;
import dev.poros.store.RunRecord;
import dev.poros.store.RunStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Stops a workflow's running run from any process, as {@code dataos-ctl runtime stop} does: the run
 * is marked as asked to stop, its running nodes' process trees are ended, and whoever runs it ends
 * it as failed ({@link RunStore#STOPPED}) without retrying or starting more nodes. A run whose
 * runner is gone is ended here.
 */
public final class RunStops {
  private final RunStore runs;
  private final Duration grace;
  private final Duration patience;

  /**
   * {@code grace}: how long a node's process has between TERM and KILL; {@code patience}: how long
   * the run's own runner has to end it.
   */
  public RunStops(RunStore runs, Duration grace, Duration patience) {
    this.runs = runs;
    this.grace = grace;
    this.patience = patience;
  }

  /** Stops {@code workflowKey}'s running run; the run as it ended, or empty when none ran. */
  public Optional<RunRecord> stop(String workflowKey) throws InterruptedException {
    Optional<RunStore.StopAsked> asked = runs.requestStop(workflowKey);
    if (asked.isEmpty()) {
      return Optional.empty();
    }
    long runId = asked.get().runId();
    for (ProcessStamp process : asked.get().processes()) {
      process.running().ifPresent(handle -> JobProcess.stopTree(handle, grace));
    }
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      RunRecord run = runs.run(runId).orElseThrow();
      if (!run.state().equals("running")) {
        return Optional.of(run);
      }
      if (asked.get().owner().running().isEmpty()) {
        break; // nobody runs it any more: it ends here
      }
      Thread.sleep(100);
    }
    RunRecord run = runs.run(runId).orElseThrow();
    if (run.state().equals("running")) {
      runs.finish(runId, workflowKey, "failed", run.progress(), RunStore.STOPPED);
    }
    return runs.run(runId);
  }
}
