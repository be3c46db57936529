package dev.poros.reconcile;

import dev.poros.source.Snapshot;

/**
 * Told of each sync of a commit (not of dry runs) as it goes: started once the commit is read, then
 * finished with its result, or failed when it could not run. Commit statuses hang off it. An
 * observer must return at once and never throw: a sync does not wait for it.
 */
public interface SyncObserver {
  SyncObserver NONE = new SyncObserver() {};

  default void started(Snapshot snapshot) {}

  default void finished(SyncResult result) {}

  default void failed(Snapshot snapshot, String reason) {}
}
