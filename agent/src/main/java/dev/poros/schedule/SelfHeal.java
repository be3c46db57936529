package dev.poros.schedule;

import dev.poros.model.ResourceKey;
import dev.poros.reconcile.Trigger;
import dev.poros.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts back what drifted: a resource whose live objects no longer hold what was applied gets its
 * repository synced again (the planner re-applies a drifted resource), unless the repository only
 * reports drift ({@code selfHeal: false}). Someone who keeps changing it back meets a growing
 * pause: 1 s, 2 s, 4 s … up to 5 minutes between heals of one resource, reset after 10 calm
 * minutes.
 */
public final class SelfHeal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SelfHeal.class);
  private static final Duration MAX_PAUSE = Duration.ofMinutes(5);
  private static final Duration CALM = Duration.ofMinutes(10);

  private final Agent agent;
  private final Stores stores;
  private final Clock clock;
  private final Map<ResourceKey, Heals> heals = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "poros-self-heal"));

  /** How often one resource was healed lately. */
  private record Heals(int count, Instant last) {}

  public SelfHeal(Agent agent, Stores stores, Clock clock) {
    this.agent = agent;
    this.stores = stores;
    this.clock = clock;
  }

  /** {@code key} drifted: heal it (after its pause) if its repository self-heals. */
  public void drifted(ResourceKey key) {
    Optional<WatchedRepository> repository = repositoryOf(key);
    if (repository.isEmpty() || !repository.get().selfHeal()) {
      return;
    }
    Instant now = clock.instant();
    Heals before = heals.get(key);
    int count =
        before == null || Duration.between(before.last(), now).compareTo(CALM) > 0
            ? 0
            : before.count();
    heals.put(key, new Heals(count + 1, now));
    Duration pause = count == 0 ? Duration.ZERO : Duration.ofSeconds(1L << Math.min(count - 1, 20));
    if (pause.compareTo(MAX_PAUSE) > 0) {
      pause = MAX_PAUSE;
    }
    String name = repository.get().name();
    LOG.info("self-heal {} of {} in {} s", key, name, pause.toSeconds());
    timer.schedule(
        () -> agent.trigger(name, Trigger.DRIFT), pause.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Optional<WatchedRepository> repositoryOf(ResourceKey key) {
    return stores
        .resources()
        .get(key)
        .flatMap(
            resource ->
                agent.repositories().stream()
                    .filter(
                        watched ->
                            watched
                                .row(stores.repositories())
                                .map(row -> row.id() == resource.repositoryId())
                                .orElse(false))
                    .findFirst());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
