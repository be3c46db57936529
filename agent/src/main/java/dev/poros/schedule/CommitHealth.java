package dev.poros.schedule;

import dev.poros.model.DaemonThreads;
import dev.poros.model.Health;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the health of a synced commit's resources as the executors record it (rollouts, runs,
 * probes) until it settles: every resource that reports health is Healthy (or Suspended), or one is
 * Degraded; a commit that has not settled within {@link #PATIENCE} ends as not settled, and one
 * superseded by a newer commit of its repository ends as superseded. What it finds is handed back
 * as a {@link Verdict} (a repository's commit statuses post it).
 */
public final class CommitHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommitHealth.class);
  static final Duration PATIENCE = Duration.ofMinutes(10);
  private static final Duration EVERY = Duration.ofSeconds(1);

  /** How a commit's health settled: healthy or not, and in a few words. */
  public record Verdict(boolean healthy, boolean settled, String description) {}

  private final ResourceStore resources;
  private final Clock clock;
  private final Map<String, Followed> following = new ConcurrentHashMap<>();
  private final ScheduledExecutorService checking =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("poros-commit-health"));

  public CommitHealth(ResourceStore resources, Clock clock) {
    this.resources = resources;
    this.clock = clock;
  }

  /**
   * Follows {@code keys} (what {@code repository}'s sync of {@code commit} applied or kept) until
   * their health settles, then tells {@code settled} once; an earlier commit of the repository
   * still followed is told it was superseded.
   */
  public void follow(
      String repository, String commit, List<ResourceKey> keys, Consumer<Verdict> settled) {
    Instant until = clock.instant().plus(PATIENCE);
    Followed followed = new Followed(commit, settled, new AtomicReference<>());
    Runnable check =
        () -> {
          try {
            judge(keys, clock.instant().isAfter(until))
                .ifPresent(
                    verdict -> {
                      if (following.remove(repository, followed)) {
                        followed.future().get().cancel(false); // set a check before the first
                        settled.accept(verdict);
                      }
                    });
          } catch (RuntimeException e) {
            LOG.warn("health of {} at {}: {}", repository, commit, e.toString());
          }
        };
    Followed earlier = following.put(repository, followed);
    if (earlier != null && earlier.future().get() != null) {
      earlier.future().get().cancel(false);
      earlier
          .settled()
          .accept(
              new Verdict(
                  false,
                  false,
                  "superseded by " + commit.substring(0, Math.min(7, commit.length()))));
    }
    followed
        .future()
        .set(
            checking.scheduleWithFixedDelay(
                check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS));
  }

  private record Followed(
      String commit, Consumer<Verdict> settled, AtomicReference<ScheduledFuture<?>> future) {}

  /** Settled, or out of patience; empty while rollouts go on. */
  private Optional<Verdict> judge(List<ResourceKey> keys, boolean outOfPatience) {
    int reporting = 0;
    int healthy = 0;
    for (ResourceKey key : keys) {
      RecordedResource resource = resources.get(key).orElse(null);
      if (resource == null || resource.health() == null) {
        continue; // recorded only: nothing to be healthy about
      }
      reporting++;
      Health health = resource.health();
      if (health == Health.DEGRADED) {
        return Optional.of(
            new Verdict(false, true, "degraded: " + key.id() + suffix(resource.message())));
      }
      if (health == Health.HEALTHY || health == Health.SUSPENDED) {
        healthy++;
      }
    }
    if (healthy == reporting) {
      return Optional.of(
          new Verdict(
              true,
              true,
              reporting == 0
                  ? "no resource reports health"
                  : reporting + " of " + reporting + " resources healthy"));
    }
    if (outOfPatience) {
      return Optional.of(
          new Verdict(
              false,
              false,
              (reporting - healthy)
                  + " of "
                  + reporting
                  + " resources not healthy after "
                  + PATIENCE.toMinutes()
                  + " min"));
    }
    return Optional.empty();
  }

  private static String suffix(String message) {
    return message == null || message.isBlank() ? "" : ": " + message;
  }

  @Override
  public void close() {
    checking.shutdownNow();
  }
}
