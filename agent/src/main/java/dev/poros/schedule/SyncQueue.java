package dev.poros.schedule;

import dev.poros.model.DaemonThreads;
import dev.poros.reconcile.Trigger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs one repository at a time: a trigger for a repository whose sync is running is not
 * started beside it but remembered, and however many arrive, exactly one follow-up sync runs when
 * the current one ends — the one that sees the newest commit. A follow-up starts no sooner than
 * {@code gap} after the sync before it started, so that however fast triggers come, a repository is
 * fetched at most once per gap (a storm of webhooks is a trickle of fetches).
 */
public final class SyncQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncQueue.class);

  private final ExecutorService workers =
      Executors.newCachedThreadPool(DaemonThreads.named("sync"));
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final long gapNanos;
  private volatile boolean stopping;

  /** The default: at most one fetch per repository a second. */
  public static final Duration GAP = Duration.ofSeconds(1);

  public SyncQueue() {
    this(GAP);
  }

  public SyncQueue(Duration gap) {
    this.gapNanos = gap.toNanos();
  }

  /** One repository's place in the queue: whether it syncs now, and the follow-up it owes. */
  private static final class Lane {
    boolean running;
    Trigger followUp;

    /** When its last sync started ({@link System#nanoTime}); 0 before any. */
    long lastStarted;
  }

  /** Syncs {@code repository} with {@code sync}, now or (coalesced) after the running one. */
  public void submit(String repository, Trigger trigger, Consumer<Trigger> sync) {
    if (stopping) {
      return;
    }
    Lane lane = lanes.computeIfAbsent(repository, r -> new Lane());
    synchronized (lane) {
      if (lane.running) {
        lane.followUp = trigger;
        return;
      }
      lane.running = true;
    }
    workers.execute(() -> drain(repository, lane, trigger, sync));
  }

  private void drain(String repository, Lane lane, Trigger first, Consumer<Trigger> sync) {
    Trigger next = first;
    while (next != null) {
      long last;
      synchronized (lane) {
        last = lane.lastStarted;
      }
      // relative to the lane's last sync, whichever drain ran it: a trigger right after an idle
      // lane's sync waits too
      long wait = last == 0 ? 0 : last + gapNanos - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait); // triggers meanwhile join this follow-up
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          synchronized (lane) {
            lane.running = false;
            lane.followUp = null;
          }
          return;
        }
      }
      synchronized (lane) {
        if (stopping) {
          lane.running = false;
          lane.followUp = null;
          return;
        }
        if (lane.followUp != null) {
          next = lane.followUp; // a trigger came while waiting: this sync is for it too
          lane.followUp = null;
        }
        lane.lastStarted = System.nanoTime();
      }
      try {
        sync.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("sync of {} failed: {}", repository, e.getMessage());
      }
      synchronized (lane) {
        next = stopping ? null : lane.followUp;
        lane.followUp = null;
        if (next == null) {
          lane.running = false;
        }
      }
    }
  }

  /** Whether a sync of {@code repository} runs or is owed. */
  public boolean busy(String repository) {
    Lane lane = lanes.get(repository);
    if (lane == null) {
      return false;
    }
    synchronized (lane) {
      return lane.running;
    }
  }

  /** Lets the running syncs finish (up to {@code seconds}); starts no new one. */
  public void drainAndStop(long seconds) throws InterruptedException {
    stopping = true;
    workers.shutdown();
    if (!workers.awaitTermination(seconds, TimeUnit.SECONDS)) {
      workers.shutdownNow();
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
