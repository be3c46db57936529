package dev.poros.apply.local;

import dev.poros.apply.Executor;
import dev.poros.apply.StepResult;
import dev.poros.model.Action;
import dev.poros.model.Health;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.model.Runtime;

/**
 * The embedded executor: resources live on this machine. Record-only types (secrets, depots,
 * computes, policies) exist once recorded; workflows, services and workers are recorded as pending
 * until their runners exist; Kubernetes objects need the Kubernetes executor.
 */
public final class LocalExecutor implements Executor {
  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult apply(Resource desired, RecordedResource previous) {
    Action done =
        previous == null || previous.hash().isEmpty() ? Action.CREATED : Action.CONFIGURED;
    if (desired.type() == ResourceType.KUBERNETES) {
      return StepResult.failed(
          "Kubernetes objects need --executor kubernetes; the local executor runs DataOS resources only");
    }
    if (desired.type().runnable()) {
      return new StepResult(
          done,
          "no executor for " + desired.type().typeName() + " yet",
          Runtime.PENDING,
          Health.PROGRESSING);
    }
    return new StepResult(done, "", null, Health.HEALTHY);
  }

  @Override
  public StepResult delete(RecordedResource recorded) {
    return new StepResult(Action.DELETED, "", null, Health.MISSING);
  }
}
