package dev.poros.apply.local;

import java.util.Properties;
import java.util.function.Function;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * A Quartz scheduler of Poros's own: in memory, with its own threads and a unique name, whose jobs
 * are made by the owner — each firing calls back into the object that scheduled it, with the job's
 * name — so no job state is static.
 */
public final class InMemoryQuartz {
  private InMemoryQuartz() {}

  /** A scheduler not yet started; {@code jobs} makes the job a firing of job {@code name} runs. */
  public static Scheduler create(String name, int threads, Function<String, Job> jobs)
      throws SchedulerException {
    Properties config = new Properties();
    config.setProperty("org.quartz.scheduler.instanceName", name);
    config.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    config.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    config.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    Scheduler scheduler = new StdSchedulerFactory(config).getScheduler();
    scheduler.setJobFactory((bundle, s) -> jobs.apply(bundle.getJobDetail().getKey().getName()));
    return scheduler;
  }
}
