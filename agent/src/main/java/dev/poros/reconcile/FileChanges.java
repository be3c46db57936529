package dev.poros.reconcile;

import dev.poros.source.SourceFile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a commit's files differ from those a settled verdict read: the files whose blob changed or
 * that are new ({@code changed}, path → blob now) and those {@code deleted}; {@code aligned} when
 * both list the same paths in the same order (a file's place in one listing is its place in the
 * other).
 */
record FileChanges(Map<String, String> changed, Set<String> deleted, boolean aligned) {

  /**
   * The changes from {@code before} to {@code now}, two listings of files. When both list the same
   * paths in the same order (the source amends its last listing, so files it did not touch are the
   * same objects) one pass finds the changed blobs without a lookup; otherwise they are compared by
   * path.
   */
  static FileChanges between(List<SourceFile> before, List<SourceFile> now) {
    Map<String, String> changed = new HashMap<>();
    if (before.size() == now.size()) {
      boolean samePaths = true;
      for (int i = 0; i < now.size() && samePaths; i++) {
        SourceFile was = before.get(i);
        SourceFile is = now.get(i);
        if (was != is) {
          samePaths = was.path().equals(is.path());
          if (samePaths && !was.blobId().equals(is.blobId())) {
            changed.put(is.path(), is.blobId());
          }
        }
      }
      if (samePaths) {
        return new FileChanges(changed, Set.of(), true);
      }
      changed.clear();
    }
    Map<String, String> blobs = new HashMap<>();
    before.forEach(f -> blobs.put(f.path(), f.blobId()));
    Set<String> deleted = new HashSet<>(blobs.keySet());
    for (SourceFile file : now) {
      deleted.remove(file.path());
      if (!file.blobId().equals(blobs.get(file.path()))) {
        changed.put(file.path(), file.blobId());
      }
    }
    return new FileChanges(changed, deleted, false);
  }

  /** Whether {@code path}, a file of the commit, is as it was. */
  boolean unchanged(String path) {
    return !changed.containsKey(path);
  }
}
