package dev.poros.status;

import dev.poros.model.DaemonThreads;
import dev.poros.store.StatusStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the commit statuses of the agent's repositories, off the syncs' threads: a status equal
 * to the one last delivered for its commit and context is not posted again, nor a pending one on a
 * commit that already has a status; a network error or 5xx is tried again after 2, 4 and 8 s
 * (bounded), then given up and kept as the repository's last error until a delivery succeeds; a 4xx
 * is not tried again. A status superseded by a newer one for the same commit and context is
 * dropped, so after an outage the latest is what lands.
 */
public final class StatusDeliveries implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusDeliveries.class);

  /** Pauses before the 2nd, 3rd and 4th try. */
  static final List<Duration> RETRIES =
      List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

  /** Told of every try's outcome: {@code delivered}, {@code retried}, {@code failed}. */
  public interface Outcomes {
    Outcomes NONE = (provider, outcome) -> {};

    void counted(String provider, String outcome);
  }

  private record Key(String repository, String commit, String context) {}

  private final StatusStore store;
  private final Outcomes outcomes;
  private final List<Duration> retries;
  private final Map<Key, CommitStatus> latest = new ConcurrentHashMap<>();
  private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
  private final ScheduledExecutorService posting =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("poros-status"));

  public StatusDeliveries(StatusStore store, Outcomes outcomes) {
    this(store, outcomes, RETRIES);
  }

  StatusDeliveries(StatusStore store, Outcomes outcomes, List<Duration> retries) {
    this.store = store;
    this.outcomes = outcomes;
    this.retries = List.copyOf(retries);
  }

  /** Queues {@code status} of {@code repository} for {@code publisher}; returns at once. */
  public void post(String repository, StatusPublisher publisher, CommitStatus status) {
    Key key = new Key(repository, status.commit(), status.context());
    latest.put(key, status);
    posting.execute(() -> attempt(key, publisher, status, 1));
  }

  /** The last error posting {@code repository}'s statuses, while no later one was delivered. */
  public Optional<String> lastError(String repository) {
    return Optional.ofNullable(lastErrors.get(repository));
  }

  /** Waits until what is queued now has been tried (for tests and a clean stop). */
  public void drain(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!latest.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private void attempt(Key key, StatusPublisher publisher, CommitStatus status, int number) {
    if (latest.get(key) != status) {
      return; // a newer status for this commit and context came meanwhile: that one counts
    }
    if (redundant(key, status)) {
      latest.remove(key, status);
      return;
    }
    try {
      publisher.publish(status);
      store.recordDelivered(
          key.repository(),
          key.commit(),
          key.context(),
          new StatusStore.Delivered(status.state().word(), status.description()),
          publisher.provider(),
          number);
      lastErrors.remove(key.repository());
      latest.remove(key, status);
      outcomes.counted(publisher.provider(), "delivered");
    } catch (StatusException e) {
      if (e.retryable() && number <= retries.size()) {
        outcomes.counted(publisher.provider(), "retried");
        posting.schedule(
            () -> attempt(key, publisher, status, number + 1),
            retries.get(number - 1).toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      }
      String error = status.context() + " on " + shortCommit(key.commit()) + ": " + e.getMessage();
      lastErrors.put(key.repository(), error);
      latest.remove(key, status);
      outcomes.counted(publisher.provider(), "failed");
      LOG.warn(
          "commit status for {} not posted after {} tries: {}", key.repository(), number, error);
    } catch (RuntimeException e) {
      lastErrors.put(key.repository(), String.valueOf(e.getMessage()));
      latest.remove(key, status);
      outcomes.counted(publisher.provider(), "failed");
      LOG.warn("commit status for {} not posted: {}", key.repository(), e.toString());
    }
  }

  /**
   * Already said: the same state and description delivered for this commit and context, or a
   * pending one where any status was (a poll of a synced commit is not news).
   */
  private boolean redundant(Key key, CommitStatus status) {
    return store
        .delivered(key.repository(), key.commit(), key.context())
        .map(
            last ->
                status.state() == StatusState.PENDING
                    || (last.state().equals(status.state().word())
                        && last.description().equals(status.description())))
        .orElse(false);
  }

  private static String shortCommit(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }

  @Override
  public void close() {
    posting.shutdownNow();
  }
}
