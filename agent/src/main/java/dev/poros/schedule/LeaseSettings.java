package dev.poros.schedule;

import dev.poros.apply.kubernetes.ClusterTarget;
import java.time.Duration;

/**
 * The Kubernetes Lease that lets one agent at a time write a Poros DB: its namespace and name, how
 * long a holder that stops renewing keeps it, and the cluster it lives on ({@code null}: the
 * agent's own, as kubectl or the pod's service account finds it).
 */
public record LeaseSettings(
    String namespace, String name, Duration duration, ClusterTarget cluster) {
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(15);

  public LeaseSettings {
    duration = duration == null ? DEFAULT_DURATION : duration;
    if (duration.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("a lease of less than 2s cannot be renewed in time");
    }
  }

  /** How long a holder keeps trying to renew before it gives the lease up: two thirds of it. */
  Duration renewDeadline() {
    return duration.multipliedBy(2).dividedBy(3);
  }

  /** How often a candidate tries to take the lease, and a holder renews it. */
  Duration retryPeriod() {
    return duration.dividedBy(7);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
