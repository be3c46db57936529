package dev.poros.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer of a Poros DB at a time, by a Kubernetes Lease (fabric8's leader election): an agent
 * takes the Lease before it syncs, renews it while it runs, and gives it back when it stops; a
 * second agent waits until the Lease is given back or its holder stops renewing it.
 */
public final class LeaderLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

  private final KubernetesClient client;
  private final LeaseSettings settings;
  private final String identity;
  private final CountDownLatch leading = new CountDownLatch(1);
  private volatile String holder = "";
  private volatile boolean closing;
  private LeaderElector elector;
  private CompletableFuture<?> election;

  /** {@code identity}: how this agent is named in the Lease (its pod's name and a nonce). */
  public LeaderLease(KubernetesClient client, LeaseSettings settings, String identity) {
    this.client = client;
    this.settings = settings;
    this.identity = identity;
  }

  /**
   * Waits until this agent holds the Lease. {@code onLost} runs if it loses it afterwards (it could
   * not renew in time, so another agent may hold it now): the agent must stop writing at once.
   */
  public void acquire(Runnable onLost) throws InterruptedException {
    elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(settings.name())
                    .withLock(new LeaseLock(settings.namespace(), settings.name(), identity))
                    .withLeaseDuration(settings.duration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(leading::countDown, () -> stopped(onLost), this::seen))
                    .build())
            .build();
    election = elector.start();
    election.whenComplete(
        (done, failure) -> {
          if (failure != null && !closing && leading.getCount() > 0) {
            LOG.error("Lease {}: the election ended: {}", settings, failure.getMessage());
          }
        });
    leading.await();
    LOG.info("Lease {} taken as {}", settings, identity);
  }

  private void seen(String newHolder) {
    holder = newHolder;
    if (!newHolder.equals(identity)) {
      LOG.info("Lease {} is held by {}: waiting to take it", settings, newHolder);
    }
  }

  private void stopped(Runnable onLost) {
    if (!closing) {
      LOG.error("Lease {} lost (not renewed within {})", settings, settings.renewDeadline());
      onLost.run();
    }
  }

  /** Who holds the Lease as last seen ("" before any is seen). */
  public String holder() {
    return holder;
  }

  public String identity() {
    return identity;
  }

  public LeaseSettings settings() {
    return settings;
  }

  /** Gives the Lease back (if held), so that a waiting agent takes it at once. */
  @Override
  public void close() {
    closing = true;
    if (election != null) {
      election.cancel(true);
      // the cancelled election gives the Lease back on a thread of its own; this returns once it
      // is given back, before the process may end
      try {
        if (elector.release()) {
          LOG.info("Lease {} given back", settings);
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "Lease {} could not be given back (it expires by itself): {}",
            settings,
            e.getMessage());
      }
    }
  }
}
