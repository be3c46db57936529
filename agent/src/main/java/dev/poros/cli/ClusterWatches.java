package dev.poros.cli;

import dev.poros.apply.kubernetes.ClusterWatch;
import java.util.List;

/**
 * An agent's watches of the clusters it applies to (none for a local-only agent), and what stops
 * with them; closing stops every one.
 */
public final class ClusterWatches implements AutoCloseable {
  private final List<ClusterWatch> watches;
  private final Runnable alsoOnClose;

  ClusterWatches(List<ClusterWatch> watches, Runnable alsoOnClose) {
    this.watches = List.copyOf(watches);
    this.alsoOnClose = alsoOnClose;
  }

  /** Whether every watch has judged what it saw and what syncs asked it to judge. */
  public boolean settled() {
    return watches.stream().allMatch(ClusterWatch::settled);
  }

  @Override
  public void close() {
    watches.forEach(ClusterWatch::close);
    alsoOnClose.run();
  }
}
