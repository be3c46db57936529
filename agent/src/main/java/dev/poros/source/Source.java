package dev.poros.source;

/** The source port: resolves a repo spec at a ref to a snapshot. */
public interface Source {
  /**
   * Fetches the repository and reads the commit {@code ref} names (null: the spec's branch), with
   * the paths changed since {@code lastCommit} (null: unknown).
   */
  Snapshot snapshot(RepoSpec spec, String ref, String lastCommit);
}
