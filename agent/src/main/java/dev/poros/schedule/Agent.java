package dev.poros.schedule;

import dev.poros.apply.local.InMemoryQuartz;
import dev.poros.reconcile.Reconciler;
import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.Trigger;
import dev.poros.source.SourceException;
import dev.poros.source.UnverifiedCommitException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code poros run}: keeps repositories in sync. Each repository syncs at start, then is polled
 * every {@code interval} (jittered by up to a tenth of it, so that repositories do not fetch in
 * step) and synced now on a push or an API call; syncs go through the {@link SyncQueue}; failed
 * fetches back off while the last good state keeps running.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final Map<String, WatchedRepository> repositories = new ConcurrentHashMap<>();
  private final Map<String, FetchBackoff> backoff = new ConcurrentHashMap<>();
  private final Map<String, String> resolvedBranch = new ConcurrentHashMap<>();
  private final Set<String> attempted = ConcurrentHashMap.newKeySet();
  private final Map<String, Reconciler> reconcilers = new ConcurrentHashMap<>();
  private final SyncQueue queue = new SyncQueue();
  private final Clock clock;
  private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
  private Scheduler quartz;

  public Agent(
      List<WatchedRepository> watched,
      Function<WatchedRepository, Reconciler> reconcilers,
      Clock clock) {
    this(watched, reconcilers, clock, SyncListener.NONE);
  }

  /**
   * @param reconcilers the reconciler that applies a repository through its executor
   */
  public Agent(
      List<WatchedRepository> watched,
      Function<WatchedRepository, Reconciler> reconcilers,
      Clock clock,
      SyncListener listener) {
    for (WatchedRepository repository : watched) {
      repositories.put(repository.name(), repository);
      this.reconcilers.put(repository.name(), reconcilers.apply(repository));
    }
    this.clock = clock;
    this.listeners.add(listener);
  }

  /** Tells {@code listener} too of every sync and failed fetch (before {@link #start()}). */
  public void addListener(SyncListener listener) {
    listeners.add(listener);
  }

  /** Starts polling; every repository syncs once right away. */
  public void start() {
    try {
      quartz = InMemoryQuartz.create("poros-agent-" + System.identityHashCode(this), 1, this::poll);
      for (WatchedRepository repository : repositories.values()) {
        long jitter =
            ThreadLocalRandom.current()
                .nextLong(Math.max(1, repository.interval().toMillis() / 10));
        quartz.scheduleJob(
            JobBuilder.newJob(Job.class).withIdentity(repository.name()).build(),
            TriggerBuilder.newTrigger()
                .withIdentity(repository.name())
                // the first poll an interval after the sync at start, jittered
                .startAt(Date.from(clock.instant().plus(repository.interval()).plusMillis(jitter)))
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(repository.interval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build());
      }
      quartz.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the agent's scheduler: " + e.getMessage(), e);
    }
    repositories.keySet().forEach(name -> trigger(name, Trigger.SCHEDULE));
  }

  private Job poll(String repository) {
    return context -> {
      FetchBackoff held = backoff.getOrDefault(repository, FetchBackoff.NONE);
      if (held.holdsBack(clock.instant())) {
        LOG.debug(
            "poll of {} held back until {} after {} failed fetches",
            repository,
            held.nextAttempt(),
            held.failures());
        return;
      }
      trigger(repository, Trigger.SCHEDULE);
    };
  }

  /** Syncs {@code repository} as soon as it may (coalesced with a sync already running). */
  public boolean trigger(String repository, Trigger trigger) {
    WatchedRepository watched = repositories.get(repository);
    if (watched == null) {
      return false;
    }
    queue.submit(repository, trigger, t -> sync(watched, t));
    return true;
  }

  private void sync(WatchedRepository repository, Trigger trigger) {
    try {
      SyncResult result =
          reconcilers.get(repository.name()).reconcile(repository.spec(), null, trigger, false);
      resolvedBranch.put(repository.name(), result.snapshot().branch());
      listeners.forEach(l -> l.synced(repository.name(), result));
      backoff.remove(repository.name());
    } catch (SourceException e) {
      FetchBackoff next =
          backoff
              .getOrDefault(repository.name(), FetchBackoff.NONE)
              .failed(e.getMessage(), repository.interval(), clock.instant());
      backoff.put(repository.name(), next);
      if (e instanceof UnverifiedCommitException) {
        listeners.forEach(l -> l.unverified(repository.name(), e.getMessage()));
      } else {
        listeners.forEach(l -> l.fetchFailed(repository.name(), e.getMessage()));
      }
      LOG.warn(
          "fetch of {} failed {} time(s) in a row; next poll at {}: {}",
          repository.name(),
          next.failures(),
          next.nextAttempt(),
          e.getMessage());
    } finally {
      attempted.add(repository.name());
    }
  }

  /**
   * Plans {@code repository} at {@code ref} (a pull request's head) against what it records,
   * applying and recording nothing; a {@link SourceException} when it cannot be fetched or read.
   */
  public SyncResult plan(String repository, String ref) {
    WatchedRepository watched = repositories.get(repository);
    if (watched == null) {
      throw new SourceException("no repository " + repository);
    }
    return reconcilers.get(repository).reconcile(watched.spec(), ref, Trigger.PREVIEW, true);
  }

  /** The repository's failed-fetch state, if its last fetch failed. */
  public Optional<FetchBackoff> backoff(String repository) {
    return Optional.ofNullable(backoff.get(repository));
  }

  /**
   * The branch {@code repository} follows: the one it names, or the remote HEAD's as its last sync
   * resolved it (null before a first sync).
   */
  public String branchOf(String repository) {
    WatchedRepository watched = repositories.get(repository);
    if (watched == null) {
      return null;
    }
    return watched.spec().branch() != null
        ? watched.spec().branch()
        : resolvedBranch.get(repository);
  }

  /**
   * Whether every repository has had a sync since this agent started, successful or not: the agent
   * is ready then (a repository that cannot be fetched must not keep webhooks away).
   */
  public boolean syncedEveryRepository() {
    return attempted.containsAll(repositories.keySet());
  }

  /** Whether a sync of {@code repository} runs or is owed. */
  public boolean busyFor(String repository) {
    return queue.busy(repository);
  }

  public List<WatchedRepository> repositories() {
    return List.copyOf(repositories.values());
  }

  /** Stops polling, lets a running sync finish (up to {@code grace}), then stops. */
  public void stop(Duration grace) {
    try {
      if (quartz != null) {
        quartz.shutdown(false);
      }
      queue.drainAndStop(grace.toSeconds());
    } catch (SchedulerException e) {
      LOG.warn("agent scheduler did not stop cleanly: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
