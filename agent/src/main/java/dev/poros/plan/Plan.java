package dev.poros.plan;

import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import java.util.List;

/**
 * The ordered steps that converge the recorded state to a commit, the declared resources that may
 * not be applied (rejected), and the recorded resources held as they are because the file that
 * declared them could not be read.
 */
public record Plan(List<PlanStep> steps, List<DesiredState.Rejection> rejected, List<Held> held) {

  public Plan {
    steps = List.copyOf(steps);
    rejected = List.copyOf(rejected);
    held = List.copyOf(held);
  }

  /**
   * A recorded resource left untouched, and why; {@code fault} when the reason is the resource's
   * own (its file is broken, it is still used) rather than another file's.
   */
  public record Held(RecordedResource recorded, String reason, boolean fault) {}

  public long count(PlanAction action) {
    long count = 0;
    for (PlanStep step : steps) { // (a loop: tens of thousands of steps, counted every sync)
      if (step.action() == action) {
        count++;
      }
    }
    return count;
  }

  /** Whether applying this plan would change anything. */
  public boolean changes() {
    return steps.stream().anyMatch(s -> s.action() != PlanAction.UNCHANGED);
  }
}
