package dev.poros.apply.local;

import dev.poros.model.Resource;
import dev.poros.validate.Crons;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs scheduled workflows when their cron says (Quartz, in memory): {@code schedule.cron} in
 * {@code schedule.timezone}, no run starting after {@code schedule.endOn}, and overlapping runs as
 * {@code concurrencyPolicy} says — {@code Forbid} (the default) skips a firing while a run goes on,
 * {@code Replace} stops it for the new one, {@code Allow} lets them overlap. Workflows with the
 * same timing share one Quartz trigger, whose firing starts each of them: a trigger holds about a
 * kilobyte (Quartz copies its cron expression's sets into every trigger it stores), and
 * repositories with thousands of workflows have few distinct schedules.
 */
public final class WorkflowScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowScheduler.class);

  private final WorkflowRunner runner;
  private final UnaryOperator<Resource> whole;
  private final Scheduler quartz;
  private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();
  // the workflows of each timing, in the order they were scheduled; guarded by this
  private final Map<String, Set<String>> sharing = new HashMap<>();

  /** {@code workflow}: a stub, made whole when it fires (thousands of specs held for nothing). */
  private record Scheduled(
      Resource workflow, List<Resource> needed, String policy, Timing timing) {}

  /** When a workflow's runs may start: what one Quartz trigger stands for. */
  private record Timing(String cron, String timezone, Instant end) {
    String name() {
      return cron + " | " + timezone + " | " + end;
    }
  }

  /** {@code whole}: a workflow's stub made whole (from its recorded spec) to run it. */
  public WorkflowScheduler(WorkflowRunner runner, UnaryOperator<Resource> whole) {
    this.runner = runner;
    this.whole = whole;
    try {
      quartz =
          InMemoryQuartz.create("poros-workflows-" + System.identityHashCode(this), 2, this::fire);
      quartz.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the workflow scheduler: " + e.getMessage(), e);
    }
  }

  /** Schedules (or reschedules) {@code workflow}, run with {@code needed} when it fires. */
  public synchronized void schedule(Resource workflow, List<Resource> needed) {
    JsonNode schedule = workflow.manifest().at("/workflow/schedule");
    String key = workflow.key().id();
    unschedule(key);
    Timing timing =
        new Timing(
            Crons.toQuartz(schedule.path("cron").asString()),
            schedule.path("timezone").isString() ? schedule.get("timezone").asString() : null,
            schedule.path("endOn").isString()
                ? Instant.parse(schedule.get("endOn").asString())
                : null);
    scheduled.put(
        key,
        new Scheduled(
            workflow.stub(),
            needed,
            schedule.path("concurrencyPolicy").asString("Forbid"),
            timing));
    if (timing.end() != null && timing.end().isBefore(Instant.now())) {
      LOG.info("schedule of {} ended at {}: no run starts", key, timing.end());
      return;
    }
    try {
      Set<String> members = sharing.get(timing.name());
      Date first;
      if (members == null) {
        first =
            quartz.scheduleJob(
                JobBuilder.newJob(Job.class).withIdentity(timing.name()).build(), trigger(timing));
        members = new LinkedHashSet<>();
        sharing.put(timing.name(), members);
      } else {
        first = quartz.getTrigger(new TriggerKey(timing.name())).getNextFireTime();
      }
      members.add(key);
      LOG.info(
          "scheduled {}: {} (first run {})",
          key,
          schedule.path("cron").asString(),
          first == null ? "none" : first.toInstant());
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot schedule " + key + ": " + e.getMessage(), e);
    }
  }

  private static Trigger trigger(Timing timing) {
    CronScheduleBuilder cron =
        CronScheduleBuilder.cronSchedule(timing.cron()).withMisfireHandlingInstructionDoNothing();
    if (timing.timezone() != null) {
      cron = cron.inTimeZone(TimeZone.getTimeZone(timing.timezone()));
    }
    TriggerBuilder<CronTrigger> trigger =
        TriggerBuilder.newTrigger().withIdentity(timing.name()).withSchedule(cron);
    if (timing.end() != null) {
      trigger = trigger.endAt(Date.from(timing.end()));
    }
    return trigger.build();
  }

  /** Stops scheduling the workflow {@code key}; a run going on is left to finish. */
  public synchronized void unschedule(String key) {
    Scheduled was = scheduled.remove(key);
    Set<String> members = was == null ? null : sharing.get(was.timing().name());
    if (members == null || !members.remove(key) || !members.isEmpty()) {
      return;
    }
    sharing.remove(was.timing().name());
    try {
      quartz.deleteJob(new JobKey(was.timing().name()));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot unschedule " + key + ": " + e.getMessage(), e);
    }
  }

  public boolean isScheduled(String key) {
    return scheduled.containsKey(key);
  }

  /** The job of the trigger named {@code timing}: each of its workflows' firing. */
  private Job fire(String timing) {
    return context -> {
      for (String key : membersOf(timing)) {
        fired(key);
      }
    };
  }

  private synchronized List<String> membersOf(String timing) {
    return List.copyOf(sharing.getOrDefault(timing, Set.of()));
  }

  /** Check and start as one step: two firings at once must not both find no run going on. */
  private synchronized void fired(String key) {
    Scheduled workflow = scheduled.get(key);
    if (workflow == null) {
      return;
    }
    // asked of the Poros DB at each firing: a pause from another process holds at once
    if (runner.paused(key)) {
      LOG.info("schedule of {} fired while paused (poros runtime resume releases it)", key);
      return;
    }
    if (runner.running(key)) {
      switch (workflow.policy()) {
        case "Forbid" -> {
          LOG.info(
              "schedule of {} fired while a run goes on: skipped (concurrencyPolicy Forbid)", key);
          return;
        }
        case "Replace" -> runner.stop(key);
        default -> {}
      }
    }
    Resource run;
    try {
      run = whole.apply(workflow.workflow());
    } catch (RuntimeException e) {
      LOG.warn("schedule of {} fired, but its spec cannot be read: {}", key, e.getMessage());
      return;
    }
    runner.start(run, workflow.needed(), "schedule");
  }

  @Override
  public void close() {
    try {
      quartz.shutdown(false);
    } catch (SchedulerException e) {
      LOG.warn("workflow scheduler did not stop cleanly: {}", e.getMessage());
    }
  }
}
