package dev.poros.apply.local;

import dev.poros.apply.Executor;
import dev.poros.apply.StepResult;
import dev.poros.model.Action;
import dev.poros.model.Health;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.model.Runtime;
import dev.poros.render.RenderException;
import dev.poros.render.RenderedJob;
import dev.poros.render.StackRenderer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The embedded executor: resources live on this machine. Record-only types (secrets, depots,
 * computes, policies) exist once recorded; workflows, services and workers are recorded as pending
 * until their runners exist; Kubernetes objects need the Kubernetes executor.
 */
public final class LocalExecutor implements Executor {
  public static final String NAME = "local";

  private final StackRenderer renderer;
  private final Programs programs;
  private final Supplier<WorkflowRunner> workflows;
  private final Supplier<WorkflowScheduler> schedules;
  private final Supplier<ServiceSupervisor> services;

  /**
   * The runner, scheduler and supervisor are asked for when a step needs them: a sync that applies
   * no runnable (the commit already synced) starts no scheduler and settles no earlier runs.
   */
  public LocalExecutor(
      Programs programs,
      Supplier<WorkflowRunner> workflows,
      Supplier<WorkflowScheduler> schedules,
      Supplier<ServiceSupervisor> services,
      StackRenderer renderer) {
    this.renderer = renderer;
    this.programs = programs;
    this.workflows = workflows;
    this.schedules = schedules;
    this.services = services;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult apply(
      Resource desired, RecordedResource previous, List<Resource> needed, String commit) {
    Action done =
        previous == null || previous.hash().isEmpty() ? Action.CREATED : Action.CONFIGURED;
    if (desired.type() == ResourceType.KUBERNETES) {
      return StepResult.failed(
          "Kubernetes objects need --executor kubernetes; the local executor runs DataOS resources only");
    }
    if (desired.type().runnable()) {
      String unrunnable = unrunnable(desired, needed);
      if (unrunnable != null) {
        return StepResult.failed(unrunnable);
      }
      if (desired.type() == ResourceType.WORKFLOW) {
        return new Workflows(workflows.get(), schedules.get()).apply(desired, needed, done);
      }
      int replicas = desired.manifest().path(desired.type().typeName()).path("replicas").asInt(1);
      return new StepResult(
              done, "starting " + replicas + " replica(s)", Runtime.RUNNING, Health.PROGRESSING)
          .then(() -> services.get().apply(desired, needed));
    }
    return new StepResult(done, "", null, Health.HEALTHY);
  }

  /**
   * Why a runnable cannot run on this machine — its stack's command runs inside its image, or it
   * renders no command, or the program is not installed — or null when it can.
   */
  private String unrunnable(Resource runnable, List<Resource> needed) {
    List<RenderedJob> jobs;
    try {
      jobs = renderer.render(runnable, needed, false);
    } catch (RenderException e) {
      return e.getMessage();
    }
    for (RenderedJob job : jobs) {
      if (job.inImage()) {
        return "job "
            + job.job()
            + ": stack "
            + job.stack()
            + " needs a container runtime: use the Kubernetes executor";
      }
      if (job.command().isEmpty()) {
        return "job "
            + job.job()
            + ": stack "
            + job.stack()
            + (job.image().isEmpty() ? "" : " runs image " + job.image() + " and")
            + " names no command the local executor can run; use --executor kubernetes";
      }
      String program = job.command().get(0);
      if (!programs.exists(program)) {
        return "job "
            + job.job()
            + ": '"
            + program
            + "' is not installed on this machine (stack "
            + job.stack()
            + ")";
      }
    }
    return null;
  }

  /**
   * Takes up, after a start, what an earlier agent left: schedules a scheduled workflow again, runs
   * again a one-shot workflow whose run the stop cut short, and supervises a service's or worker's
   * replicas (adopting the processes still running).
   */
  public void resume(Resource runnable, List<Resource> needed) {
    if (runnable.type() == ResourceType.WORKFLOW) {
      if (runnable.manifest().at("/workflow/schedule/cron").isString()) {
        schedules.get().schedule(runnable, needed);
      } else {
        workflows.get().rerunIfInterrupted(runnable, needed);
      }
    } else if (runnable.type().runnable()) {
      services.get().apply(runnable, needed);
    }
  }

  @Override
  public StepResult delete(RecordedResource recorded) {
    if (recorded.type().equals(ResourceType.WORKFLOW.typeName())) {
      new Workflows(workflows.get(), schedules.get()).remove(recorded.key().id());
    }
    if (recorded.type().equals(ResourceType.SERVICE.typeName())
        || recorded.type().equals(ResourceType.WORKER.typeName())) {
      services.get().remove(recorded.key().id());
    }
    return new StepResult(Action.DELETED, "", null, Health.MISSING);
  }
}
