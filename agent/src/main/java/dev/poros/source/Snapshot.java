package dev.poros.source;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One commit's manifests: the commit and what it says about itself, the files the repo spec
 * selects, the paths that changed since the commit last synced ({@code null} when there is no such
 * commit or it is not in the history), a reader for file contents, and what the commit's signature
 * proves ({@code null} when the repository does not ask: see {@link CommitTrust}).
 */
public record Snapshot(
    String commit,
    String branch,
    String message,
    String author,
    List<SourceFile> files,
    Set<String> changedSinceLast,
    FileReader reader,
    SignatureCheck signature) {

  public Snapshot {
    files = List.copyOf(files);
    changedSinceLast = changedSinceLast == null ? null : Set.copyOf(changedSinceLast);
  }

  /**
   * A commit that declares nothing, at {@code commit} ("" for none) of {@code branch}: what a
   * repository that is being forgotten is synced to.
   */
  public static Snapshot nothing(String commit, String branch, String why) {
    return new Snapshot(
        commit,
        branch,
        why,
        "",
        List.of(),
        Set.of(),
        new FileReader() {
          @Override
          public byte[] read(SourceFile file) {
            throw new SourceException("no file " + file.path() + " in a snapshot of nothing");
          }

          @Override
          public Optional<SourceFile> find(String path) {
            return Optional.empty();
          }
        },
        null);
  }

  /** Whether the repository asks for trusted signatures and this commit's is not one. */
  public boolean unverified() {
    return signature != null && !signature.trusted();
  }

  public String shortCommit() {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
