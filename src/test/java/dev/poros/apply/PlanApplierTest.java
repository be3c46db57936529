package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Action;
import dev.poros.model.Health;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.plan.Plan;
import dev.poros.plan.Planner;
import dev.poros.testing.Declared;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Independent steps run side by side on an executor that allows it; dependencies never do. */
class PlanApplierTest {

  /** An executor that takes a while per step and notes how many steps ran at once, and when. */
  static final class SlowExecutor implements Executor {
    final int parallelism;
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    /** "start NAME" and "end NAME", in the order they happened. */
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    SlowExecutor(int parallelism) {
      this.parallelism = parallelism;
    }

    @Override
    public String name() {
      return "slow";
    }

    @Override
    public int parallelism() {
      return parallelism;
    }

    @Override
    public StepResult apply(
        Resource desired, RecordedResource previous, List<Resource> needed, String commit) {
      events.add("start " + desired.name());
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      events.add("end " + desired.name());
      return new StepResult(Action.CREATED, "", null, Health.HEALTHY);
    }

    @Override
    public StepResult delete(RecordedResource recorded) {
      return new StepResult(Action.DELETED, "", null, Health.MISSING);
    }
  }

  static String depot(String name, String dependsOn) {
    return "name: "
        + name
        + "\nversion: v1\ntype: depot\n"
        + (dependsOn == null ? "" : "dependencies: [depot:v1:" + dependsOn + "]\n")
        + "depot:\n  type: file\n  spec: {path: /tmp}\n";
  }

  Plan plan() {
    return new Planner()
        .plan(
            new Declared()
                .desired(
                    Declared.files(
                        "a.yaml", depot("a", null),
                        "b.yaml", depot("b", null),
                        "c.yaml", depot("c", null),
                        "d.yaml", depot("d", null),
                        "late.yaml", depot("late", "a"))),
            List.of(),
            Map.of());
  }

  @Test
  void independentStepsRunSideBySideAndAStepThatNeedsAnotherWaitsForIt() {
    SlowExecutor executor = new SlowExecutor(8);
    List<String> recorded = new ArrayList<>();

    ChangeSet changes =
        new PlanApplier(ExecutorRouter.all(executor))
            .apply(
                plan(),
                "c1",
                key -> Optional.empty(),
                chunk -> chunk.forEach(e -> recorded.add(e.step().key().id())));

    assertThat(changes.count(Action.CREATED)).isEqualTo(5);
    assertThat(executor.mostAtOnce.get()).isGreaterThan(1);
    assertThat(executor.events.indexOf("start late"))
        .as("late needs a")
        .isGreaterThan(executor.events.indexOf("end a"));
    assertThat(recorded)
        .as("results are recorded in plan order")
        .containsExactlyElementsOf(plan().steps().stream().map(s -> s.key().id()).toList());
  }

  @Test
  void anExecutorThatRunsOneStepAtATimeGetsOneAtATime() {
    SlowExecutor executor = new SlowExecutor(1);

    List<List<String>> recorded = new ArrayList<>();

    new PlanApplier(ExecutorRouter.all(executor))
        .apply(
            plan(),
            "c1",
            key -> Optional.empty(),
            chunk -> recorded.add(chunk.stream().map(e -> e.step().key().id()).toList()));

    assertThat(executor.mostAtOnce.get()).isEqualTo(1);
    assertThat(recorded)
        .as("the steps that need nothing of each other are recorded together, then late")
        .containsExactly(
            List.of("depot:v1:a", "depot:v1:b", "depot:v1:c", "depot:v1:d"),
            List.of("depot:v1:late"));
  }
}
