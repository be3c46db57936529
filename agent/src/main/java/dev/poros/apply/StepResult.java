package dev.poros.apply;

import dev.poros.model.Action;
import dev.poros.model.Health;
import dev.poros.model.Runtime;

/**
 * What an executor did with one step, and the state the resource is in afterwards ({@code runtime}
 * null for types that do not run).
 */
public record StepResult(
    Action action, String message, Runtime runtime, Health health, Runnable afterRecorded) {

  public StepResult(Action action, String message, Runtime runtime, Health health) {
    this(action, message, runtime, health, null);
  }

  /**
   * This result, with work to do once it is recorded — starting a run, which records itself on the
   * resource's row and so must not race the row's creation.
   */
  public StepResult then(Runnable work) {
    return new StepResult(action, message, runtime, health, work);
  }

  /** Whether the step applied its resource: created or configured it. */
  public boolean applied() {
    return action == Action.CREATED || action == Action.CONFIGURED;
  }

  /** Whether the step changed what is live: applied or deleted it. */
  public boolean changedSpec() {
    return applied() || action == Action.DELETED;
  }

  public static StepResult failed(String message) {
    return new StepResult(Action.FAILED, message, null, Health.DEGRADED);
  }

  public static StepResult waiting(String message) {
    return new StepResult(Action.WAITING, message, null, Health.PROGRESSING);
  }

  public static StepResult skipped(String message) {
    return new StepResult(Action.SKIPPED, message, null, Health.UNKNOWN);
  }
}
