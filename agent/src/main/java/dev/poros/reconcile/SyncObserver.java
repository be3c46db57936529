package dev.poros.reconcile;

import dev.poros.source.Snapshot;

/**
 * Told of each sync of a commit (not of dry runs) as it goes: started once the commit is read, then
 * finished with its result, or failed when it could not run, or unverified when its signature was
 * refused. Commit statuses hang off it. An observer must return at once and never throw: a sync
 * does not wait for it.
 */
public interface SyncObserver {
  SyncObserver NONE = new SyncObserver() {};

  default void started(Snapshot snapshot) {}

  default void finished(SyncResult result) {}

  default void failed(Snapshot snapshot, String reason) {}

  /** The commit was refused: its signature is not trusted ({@code reason} says how). */
  default void unverified(Snapshot snapshot, String reason) {}
}
