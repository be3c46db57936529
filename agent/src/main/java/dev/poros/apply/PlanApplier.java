package dev.poros.apply;

import dev.poros.model.Action;
import dev.poros.model.Condition;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.model.Runtime;
import dev.poros.model.Status;
import dev.poros.plan.ApplyOrder;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Carries a plan out step by step in its order. Results go to {@code onResults} in plan order, a
 * chunk at a time, as soon as the steps that ran side by side are done (so they are recorded before
 * the next step starts). A step whose dependency is not applied is skipped (or waits, when the
 * dependency waits); a step whose condition does not hold waits for a later sync.
 */
public final class PlanApplier {
  private static final Logger LOG = LoggerFactory.getLogger(PlanApplier.class);
  private static final int RECORDED_TOGETHER = 500;

  private final ExecutorRouter router;

  public PlanApplier(ExecutorRouter router) {
    this.router = router;
  }

  /**
   * What {@code resource} becomes under the executor that would apply it (see {@link
   * Executor#objectsOf}).
   */
  public List<JsonNode> objectsOf(Resource resource, List<Resource> needed) {
    return router.route(resource.key(), resource.type()).objectsOf(resource, needed);
  }

  /**
   * @param commit the commit the plan's resources are declared at ("" for built-in ones)
   * @param lookup the resources steps may need beyond the plan's own (built-in ones, other
   *     repositories'), by key
   */
  public ChangeSet apply(
      Plan plan,
      String commit,
      Function<ResourceKey, Optional<Resource>> lookup,
      Consumer<List<ChangeSetEntry>> onResults) {
    List<ChangeSetEntry> entries = new ArrayList<>();
    // only this plan's steps: a rejected or held resource keeps its last applied version live,
    // so what needs it is not held back for it (a condition on it still is)
    Map<ResourceKey, State> states = new HashMap<>();
    Map<ResourceKey, Resource> inPlan = new HashMap<>();
    plan.steps().stream()
        .filter(s -> s.desired() != null)
        .forEach(s -> inPlan.put(s.key(), s.desired()));
    List<PlanStep> steps = plan.steps();
    for (int next = 0; next < steps.size(); ) {
      Executor executor = router.route(steps.get(next).key(), typeOf(steps.get(next)));
      List<PlanStep> batch = batch(steps, next, executor);
      List<StepResult> results =
          runAll(
              batch,
              executor,
              step -> run(step, executor, states, needed(step, inPlan, lookup), commit));
      // recorded in plan order, a batch to a transaction: a transaction each was most of a cold
      // sync of 50,000 resources
      List<ChangeSetEntry> toRecord = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        PlanStep step = batch.get(i);
        StepResult result = results.get(i);
        states.put(step.key(), State.after(step, result));
        ChangeSetEntry entry = new ChangeSetEntry(step, executor.name(), result);
        if (step.action() != PlanAction.UNCHANGED) {
          toRecord.add(entry);
        } else if (result.afterRecorded() != null) {
          result.afterRecorded().run();
        }
        entries.add(entry);
      }
      if (!toRecord.isEmpty()) {
        onResults.accept(toRecord);
      }
      toRecord.stream()
          .map(entry -> entry.result().afterRecorded())
          .filter(Objects::nonNull)
          .forEach(Runnable::run);
      next += batch.size();
    }
    return new ChangeSet(entries);
  }

  /**
   * The steps from {@code from} on that may run side by side: creations and updates through the
   * same executor, of one rank of {@link ApplyOrder} (so a CRD is never applied beside its custom
   * resources), none needing or waiting on another of them, at most {@value #RECORDED_TOGETHER} (an
   * executor that runs one at a time runs them in turn). A crash before they are recorded leaves
   * them to be applied again, which finds them applied (a process is adopted, an object applied
   * again is unchanged).
   */
  private List<PlanStep> batch(List<PlanStep> steps, int from, Executor executor) {
    PlanStep first = steps.get(from);
    List<PlanStep> batch = new ArrayList<>(List.of(first));
    if (!parallel(first)) {
      return batch;
    }
    Set<ResourceKey> keys = new HashSet<>(List.of(first.key()));
    int rank = rank(first);
    for (int i = from + 1; i < steps.size(); i++) {
      PlanStep step = steps.get(i);
      if (batch.size() == RECORDED_TOGETHER
          || !parallel(step)
          || rank(step) != rank
          || router.route(step.key(), typeOf(step)) != executor
          || step.needs().stream().anyMatch(keys::contains)
          || step.desired().conditions().stream().anyMatch(c -> keys.contains(c.target()))) {
        break;
      }
      batch.add(step);
      keys.add(step.key());
    }
    return batch;
  }

  private static boolean parallel(PlanStep step) {
    return step.action() == PlanAction.CREATE || step.action() == PlanAction.UPDATE;
  }

  private static int rank(PlanStep step) {
    return ApplyOrder.rank(
        step.desired().type(), step.desired().manifest().path("kind").asString(""));
  }

  /** Runs {@code batch}, up to the executor's parallelism at a time; results in batch order. */
  private static List<StepResult> runAll(
      List<PlanStep> batch, Executor executor, Function<PlanStep, StepResult> run) {
    if (batch.size() == 1 || executor.parallelism() <= 1) {
      return batch.stream().map(run).toList();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(executor.parallelism(), batch.size()));
    try {
      List<Future<StepResult>> futures = new ArrayList<>();
      batch.forEach(step -> futures.add(pool.submit(() -> run.apply(step))));
      List<StepResult> results = new ArrayList<>();
      for (var future : futures) {
        try {
          results.add(future.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(StepResult.failed("interrupted"));
        } catch (ExecutionException e) {
          results.add(StepResult.failed(executor.name() + " executor error: " + e.getCause()));
        }
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Where a resource stands once its step ran, for the steps after it that need it or wait on it.
   */
  private record State(Status status, Runtime runtime) {
    static State after(PlanStep step, StepResult result) {
      return switch (result.action()) {
        case UNCHANGED -> new State(step.recorded().status(), step.recorded().runtime());
        case CREATED, CONFIGURED -> new State(Status.ACTIVE, result.runtime());
        case DELETED -> new State(Status.DELETED, null);
        case WAITING -> new State(Status.WAITING, null);
        case SKIPPED, FAILED -> new State(Status.ERROR, null);
      };
    }

    boolean applied() {
      return status == Status.ACTIVE;
    }
  }

  /**
   * The resources a step needs: this commit's version where the plan has one, else the lookup's.
   */
  private static List<Resource> needed(
      PlanStep step,
      Map<ResourceKey, Resource> inPlan,
      Function<ResourceKey, Optional<Resource>> lookup) {
    List<Resource> needed = new ArrayList<>();
    for (ResourceKey key : step.needs()) {
      Optional.ofNullable(inPlan.get(key)).or(() -> lookup.apply(key)).ifPresent(needed::add);
    }
    return needed;
  }

  private static StepResult run(
      PlanStep step,
      Executor executor,
      Map<ResourceKey, State> states,
      List<Resource> needed,
      String commit) {
    if (step.action() != PlanAction.DELETE && step.action() != PlanAction.UNCHANGED) {
      StepResult held = holdBack(step, states);
      if (held != null) {
        return held;
      }
    }
    try {
      return switch (step.action()) {
        case CREATE -> executor.apply(step.desired(), null, needed, commit);
        case UPDATE -> executor.apply(step.desired(), step.recorded(), needed, commit);
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

  /**
   * A step whose dependency is not applied waits or is skipped; one whose condition fails waits.
   */
  private static StepResult holdBack(PlanStep step, Map<ResourceKey, State> states) {
    for (Condition condition : step.desired().conditions()) {
      State state = states.getOrDefault(condition.target(), new State(Status.ERROR, null));
      String unmet =
          condition.unmetBy(
              state.status().label(), state.runtime() == null ? null : state.runtime().label());
      if (unmet != null) {
        return StepResult.waiting("waiting for " + unmet);
      }
    }
    for (ResourceKey need : step.needs()) {
      State state = states.get(need);
      if (state != null && !state.applied()) {
        String why = "waiting for " + need.id() + " (" + state.status().label() + ")";
        return state.status() == Status.WAITING ? StepResult.waiting(why) : StepResult.skipped(why);
      }
    }
    return null;
  }

  private static ResourceType typeOf(PlanStep step) {
    if (step.desired() != null) {
      return step.desired().type();
    }
    return ResourceType.ofTypeName(step.recorded().type()).orElse(ResourceType.KUBERNETES);
  }
}
