package dev.poros.reconcile;

import dev.poros.source.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An observer whose failures are logged, never the sync's: what it does wrong is its affair. */
final class GuardedObserver implements SyncObserver {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedObserver.class);

  private final SyncObserver observer;

  GuardedObserver(SyncObserver observer) {
    this.observer = observer;
  }

  @Override
  public void started(Snapshot snapshot) {
    guarded(() -> observer.started(snapshot));
  }

  @Override
  public void finished(SyncResult result) {
    guarded(() -> observer.finished(result));
  }

  @Override
  public void failed(Snapshot snapshot, String reason) {
    guarded(() -> observer.failed(snapshot, reason));
  }

  @Override
  public void unverified(Snapshot snapshot, String reason) {
    guarded(() -> observer.unverified(snapshot, reason));
  }

  private static void guarded(Runnable telling) {
    try {
      telling.run();
    } catch (RuntimeException e) {
      LOG.warn("sync observer failed: {}", e.toString());
    }
  }
}
