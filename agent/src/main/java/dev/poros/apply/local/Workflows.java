package dev.poros.apply.local;

import dev.poros.apply.StepResult;
import dev.poros.model.Action;
import dev.poros.model.Health;
import dev.poros.model.Resource;
import dev.poros.model.Runtime;
import java.util.List;

/**
 * What applying and removing a workflow means, whichever executor runs its nodes: a workflow
 * without a schedule runs when it is created and whenever its spec changes, as in DataOS; a
 * scheduled one waits for its schedule; a removed one stops its runs and schedule.
 */
public record Workflows(WorkflowRunner runner, WorkflowScheduler schedules) {

  public StepResult apply(Resource workflow, List<Resource> needed, Action done) {
    String cron = workflow.manifest().at("/workflow/schedule/cron").asString("");
    if (!cron.isEmpty()) {
      // healthy while it waits, as a CronJob is; its runs then say how it goes
      return new StepResult(done, "scheduled: " + cron, Runtime.PENDING, Health.HEALTHY)
          .then(() -> schedules.schedule(workflow, needed));
    }
    String trigger = done == Action.CREATED ? "created" : "changed";
    return new StepResult(done, "run starting", Runtime.RUNNING, Health.PROGRESSING)
        .then(
            () -> {
              schedules.unschedule(workflow.key().id());
              runner.start(workflow, needed, trigger);
            });
  }

  public void remove(String key) {
    schedules.unschedule(key);
    runner.stop(key);
  }
}
