package dev.poros.reconcile;

import dev.poros.source.RepoLocation;
import dev.poros.source.RepoSpec;
import dev.poros.source.Snapshot;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.RepositoryStore;
import dev.poros.store.SyncStore;
import java.util.Optional;

/**
 * Which row of the Poros DB a repo spec is recorded under. A row is keyed by the branch as the spec
 * names it ('' for the remote's HEAD), but naming the branch HEAD is on — or no longer naming it —
 * is the same repository, and its resources stay its own: the row is taken over under the new name
 * instead of a second row claiming them.
 */
final class RepositoryRows {
  private final RepositoryStore repositories;
  private final SyncStore syncs;

  RepositoryRows(RepositoryStore repositories, SyncStore syncs) {
    this.repositories = repositories;
    this.syncs = syncs;
  }

  /**
   * Before the fetch: the row of the spec's branch; for a named branch with none, the row following
   * the remote's HEAD when its last sync resolved HEAD to that branch; else an unsaved row (id -1).
   */
  RepositoryRecord before(RepoLocation location, RepoSpec spec, boolean dryRun) {
    String branch = spec.branch() == null ? "" : spec.branch();
    Optional<RepositoryRecord> found = repositories.find(location.url(), branch, spec.path());
    if (found.isPresent()) {
      return found.get();
    }
    if (!branch.isEmpty()) {
      Optional<RepositoryRecord> followingHead =
          repositories
              .find(location.url(), "", spec.path())
              .filter(
                  r -> syncs.lastSynced(r.id()).map(s -> s.branch().equals(branch)).orElse(false));
      if (followingHead.isPresent()) {
        return renamed(followingHead.get(), branch, dryRun);
      }
    }
    return new RepositoryRecord(-1, location.url(), branch, spec.path(), null, null);
  }

  /**
   * After the fetch: an unsaved row following the remote's HEAD takes over the row of the branch
   * HEAD turned out to be on, if there is one. Saved unless {@code dryRun}.
   */
  RepositoryRecord after(RepositoryRecord repo, Snapshot snapshot, boolean dryRun) {
    RepositoryRecord row = repo;
    if (repo.id() < 0 && repo.branch().isEmpty()) {
      row =
          repositories
              .find(repo.url(), snapshot.branch(), repo.path())
              .map(named -> renamed(named, "", dryRun))
              .orElse(repo);
    }
    return dryRun ? row : saved(row);
  }

  /** {@code repo}, created if it is not yet. */
  RepositoryRecord saved(RepositoryRecord repo) {
    return repo.id() >= 0 ? repo : repositories.ensure(repo.url(), repo.branch(), repo.path());
  }

  private RepositoryRecord renamed(RepositoryRecord row, String branch, boolean dryRun) {
    return dryRun ? row.withBranch(branch) : repositories.rename(row.id(), branch);
  }
}
