package dev.poros.reconcile;

import dev.poros.source.RepoLocation;
import dev.poros.source.RepoSpec;
import dev.poros.source.Snapshot;
import dev.poros.source.Source;
import dev.poros.source.SourceException;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.SyncStore;
import java.time.Instant;

/**
 * A sync's first step: the commit fetched and read, and the repository's row found (or made). A
 * fetch that fails ends recorded as a failed sync; a sync a crashed process left open on the row is
 * closed as interrupted.
 */
final class CommitFetch {
  private final Source source;
  private final RepositoryRows rows;
  private final SyncStore syncs;

  CommitFetch(Source source, RepositoryRows rows, SyncStore syncs) {
    this.source = source;
    this.rows = rows;
    this.syncs = syncs;
  }

  /** A fetched commit, and the row of the repository it was fetched for. */
  record Fetched(RepositoryRecord repo, Snapshot snapshot) {}

  /**
   * Fetches {@code spec} at {@code ref} and finds (unless {@code dryRun}: makes) its row; a sync a
   * crashed process left open on that row is closed as interrupted.
   */
  Fetched fetch(
      RepoLocation location,
      RepoSpec spec,
      String ref,
      Trigger trigger,
      Instant started,
      boolean dryRun) {
    RepositoryRecord known = rows.before(location, spec, dryRun);
    Snapshot snapshot = snapshot(spec, ref, known, trigger, started, dryRun);
    RepositoryRecord repo = rows.after(known, snapshot, dryRun);
    if (!dryRun) {
      syncs.markInterrupted(repo.id());
    }
    return new Fetched(repo, snapshot);
  }

  private Snapshot snapshot(
      RepoSpec spec,
      String ref,
      RepositoryRecord repo,
      Trigger trigger,
      Instant started,
      boolean dryRun) {
    try {
      return source.snapshot(spec, ref, repo.lastCommit());
    } catch (RuntimeException caught) {
      // JGit throws unchecked exceptions too (a corrupt pack, a huge object): all end recorded
      SourceException e = SourceException.of("cannot read " + repo.displayName(), caught);
      if (!dryRun) {
        long id = rows.saved(repo).id();
        syncs.markInterrupted(id);
        syncs.failedBeforeCommit(id, started, trigger.label(), e.getMessage());
      }
      SyncLog.failedBeforeCommit(repo, trigger, e.getMessage());
      throw e;
    }
  }
}
