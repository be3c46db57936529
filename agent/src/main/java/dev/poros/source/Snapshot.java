package dev.poros.source;

import java.util.List;
import java.util.Set;

/**
 * One commit's manifests: the commit and what it says about itself, the files the repo spec
 * selects, the paths that changed since the commit last synced ({@code null} when there is no such
 * commit or it is not in the history) and a reader for file contents.
 */
public record Snapshot(
    String commit,
    String branch,
    String message,
    String author,
    List<SourceFile> files,
    Set<String> changedSinceLast,
    FileReader reader) {

  public Snapshot {
    files = List.copyOf(files);
    changedSinceLast = changedSinceLast == null ? null : Set.copyOf(changedSinceLast);
  }

  public String shortCommit() {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
