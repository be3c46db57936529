package dev.poros.schedule;

import dev.poros.reconcile.SyncResult;

/** What the agent tells about its syncs as they end (to metrics, for one). */
public interface SyncListener {
  SyncListener NONE =
      new SyncListener() {
        @Override
        public void synced(String repository, SyncResult result) {}

        @Override
        public void fetchFailed(String repository, String error) {}
      };

  void synced(String repository, SyncResult result);

  void fetchFailed(String repository, String error);

  /** A commit was refused: its signature is not trusted. */
  default void unverified(String repository, String reason) {}
}
