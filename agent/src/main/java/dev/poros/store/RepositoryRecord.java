package dev.poros.store;

import java.time.Instant;

/** A repository the agent syncs, as recorded: which folder of which branch, and how far it got. */
public record RepositoryRecord(
    long id, String url, String branch, String path, String lastCommit, Instant lastSyncedAt) {

  /** This row under another branch name. */
  public RepositoryRecord withBranch(String newBranch) {
    return new RepositoryRecord(id, url, newBranch, path, lastCommit, lastSyncedAt);
  }

  /** {@code url}, with the branch and folder when they are not the defaults. */
  public String displayName() {
    return url + (branch.isEmpty() ? "" : "@" + branch) + (path.isEmpty() ? "" : "//" + path);
  }
}
