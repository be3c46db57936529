package dev.poros.apply;

import dev.poros.model.Action;
import dev.poros.model.Health;
import dev.poros.model.Runtime;

/**
 * What an executor did with one step, and the state the resource is in afterwards ({@code runtime}
 * null for types that do not run).
 */
public record StepResult(Action action, String message, Runtime runtime, Health health) {

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
