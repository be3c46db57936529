package dev.poros.apply.local;

import dev.poros.model.Resource;
import dev.poros.validate.Crons;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs scheduled workflows when their cron says (Quartz, in memory): {@code schedule.cron} in
 * {@code schedule.timezone}, no run starting after {@code schedule.endOn}, and overlapping runs as
 * {@code concurrencyPolicy} says — {@code Forbid} (the default) skips a firing while a run goes on,
 * {@code Replace} stops it for the new one, {@code Allow} lets them overlap.
 */
public final class WorkflowScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowScheduler.class);

  private final WorkflowRunner runner;
  private final Scheduler quartz;
  private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();

  private record Scheduled(Resource workflow, List<Resource> needed, String policy) {}

  public WorkflowScheduler(WorkflowRunner runner) {
    this.runner = runner;
    try {
      quartz =
          InMemoryQuartz.create("poros-workflows-" + System.identityHashCode(this), 2, this::fire);
      quartz.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the workflow scheduler: " + e.getMessage(), e);
    }
  }

  /** Schedules (or reschedules) {@code workflow}, run with {@code needed} when it fires. */
  public void schedule(Resource workflow, List<Resource> needed) {
    JsonNode schedule = workflow.manifest().at("/workflow/schedule");
    String key = workflow.key().id();
    unschedule(key);
    scheduled.put(
        key,
        new Scheduled(workflow, needed, schedule.path("concurrencyPolicy").asString("Forbid")));
    CronScheduleBuilder cron =
        CronScheduleBuilder.cronSchedule(Crons.toQuartz(schedule.path("cron").asString()))
            .withMisfireHandlingInstructionDoNothing();
    if (schedule.path("timezone").isString()) {
      cron = cron.inTimeZone(TimeZone.getTimeZone(schedule.get("timezone").asString()));
    }
    TriggerBuilder<org.quartz.CronTrigger> trigger =
        TriggerBuilder.newTrigger().withIdentity(key).withSchedule(cron);
    if (schedule.path("endOn").isString()) {
      Instant end = Instant.parse(schedule.get("endOn").asString());
      if (end.isBefore(Instant.now())) {
        LOG.info("schedule of {} ended at {}: no run starts", key, end);
        return;
      }
      trigger = trigger.endAt(java.util.Date.from(end));
    }
    try {
      java.util.Date first =
          quartz.scheduleJob(
              JobBuilder.newJob(Job.class).withIdentity(key).build(), trigger.build());
      LOG.info(
          "scheduled {}: {} (first run {})",
          key,
          schedule.path("cron").asString(),
          first.toInstant());
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot schedule " + key + ": " + e.getMessage(), e);
    }
  }

  /** Stops scheduling the workflow {@code key}; a run going on is left to finish. */
  public void unschedule(String key) {
    scheduled.remove(key);
    try {
      quartz.deleteJob(new JobKey(key));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot unschedule " + key + ": " + e.getMessage(), e);
    }
  }

  public boolean isScheduled(String key) {
    return scheduled.containsKey(key);
  }

  private Job fire(String key) {
    return context -> fired(key);
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
    runner.start(workflow.workflow(), workflow.needed(), "schedule");
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
