package dev.poros.apply.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Whether the cluster has answered this sync's requests: once one could not reach it, the rest of
 * the sync's steps fail at once, saying so, instead of each waiting out its retries (a thousand
 * objects against an API server that went away took half a minute). The next sync tries again.
 */
final class Reachability {
  private volatile String lost;

  /** A new sync: the cluster is taken as reachable again. */
  void reset() {
    lost = null;
  }

  /** Remembers {@code failure} if it is one of not reaching the cluster at all. */
  void saw(KubernetesClientException failure) {
    if (failure.getCode() <= 0 && lost == null) {
      lost = ObjectApplier.describe(failure);
    }
  }

  /** Why a step is not tried: the first request of this sync that could not reach the cluster. */
  Optional<String> lost() {
    return Optional.ofNullable(lost)
        .map(why -> why + " (not tried: an earlier request of this sync could not reach it)");
  }
}
