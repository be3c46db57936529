package dev.poros.apply;

import dev.poros.model.Action;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a plan out step by step in its order. Each result goes to {@code onResult} as soon as it
 * is known (so it can be recorded before the next step starts); a step whose dependency failed or
 * was skipped is skipped.
 */
public final class PlanApplier {
  private static final Logger LOG = LoggerFactory.getLogger(PlanApplier.class);

  private final ExecutorRouter router;

  public PlanApplier(ExecutorRouter router) {
    this.router = router;
  }

  public ChangeSet apply(Plan plan, Consumer<ChangeSetEntry> onResult) {
    List<ChangeSetEntry> entries = new ArrayList<>();
    Map<ResourceKey, String> notApplied = new HashMap<>();
    for (PlanStep step : plan.steps()) {
      Executor executor = router.route(step.key(), typeOf(step));
      StepResult result = run(step, executor, notApplied);
      if (result.action() == Action.FAILED || result.action() == Action.SKIPPED) {
        notApplied.put(step.key(), result.action().label());
      }
      ChangeSetEntry entry = new ChangeSetEntry(step, executor.name(), result);
      if (step.action() != PlanAction.UNCHANGED) {
        onResult.accept(entry);
      }
      entries.add(entry);
    }
    return new ChangeSet(entries);
  }

  private static StepResult run(
      PlanStep step, Executor executor, Map<ResourceKey, String> notApplied) {
    for (ResourceKey need : step.needs()) {
      if (notApplied.containsKey(need)) {
        return StepResult.skipped("waiting for " + need.id() + " (" + notApplied.get(need) + ")");
      }
    }
    try {
      return switch (step.action()) {
        case CREATE -> executor.apply(step.desired(), null);
        case UPDATE -> executor.apply(step.desired(), step.recorded());
        case DELETE -> executor.delete(step.recorded());
        case UNCHANGED ->
            new StepResult(
                Action.UNCHANGED, "", step.recorded().runtime(), step.recorded().health());
      };
    } catch (RuntimeException e) {
      LOG.error("executor {} failed on {}", executor.name(), step.key(), e);
      return StepResult.failed(executor.name() + " executor error: " + e.getMessage());
    }
  }

  private static ResourceType typeOf(PlanStep step) {
    if (step.desired() != null) {
      return step.desired().type();
    }
    return ResourceType.ofTypeName(step.recorded().type()).orElse(ResourceType.KUBERNETES);
  }
}
