package dev.poros.reconcile;

import dev.poros.apply.ChangeSet;
import dev.poros.model.Problem;
import dev.poros.plan.Plan;
import dev.poros.source.Snapshot;
import java.time.Duration;
import java.util.List;

/**
 * What one sync found and did: the commit it read, the plan, what applying it did (empty for a dry
 * run), every problem of the commit, the outcome and how long it took. {@code syncId} is -1 for a
 * dry run, which records nothing.
 */
public record SyncResult(
    long syncId,
    Snapshot snapshot,
    Plan plan,
    ChangeSet changes,
    List<Problem> problems,
    List<Problem> warnings,
    SyncOutcome outcome,
    Duration duration) {

  public SyncResult {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** Whether some resource failed to apply or was rejected (the CLI's exit code 1). */
  public boolean anyResourceFailed() {
    return outcome == SyncOutcome.DEGRADED
        || !problems.isEmpty()
        || changes.applied().stream().anyMatch(e -> e.result().action().failed());
  }
}
