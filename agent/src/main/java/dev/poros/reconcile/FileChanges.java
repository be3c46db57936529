package dev.poros.reconcile;

import dev.poros.source.SourceFile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a commit's files differ from those a settled verdict read: the files whose blob changed or
 * that are new ({@code changed}, path → blob now) and those {@code deleted}; and for each file of
 * the commit, its place in the settled listing ({@code placesBefore}, -1 for a new one: read with
 * {@link #placeBefore}), so that a walk of the commit takes the files it did not touch by place,
 * without a lookup by path.
 */
record FileChanges(Map<String, String> changed, Set<String> deleted, int[] placesBefore) {

  /**
   * The changes from {@code before} to {@code now}, two listings of files. Both are in Git's order
   * and the source amends its last listing (files it did not touch are the same objects): one walk
   * of both, side by side, finds the changes, comparing paths only where the files differ. Listings
   * in another order are compared by path.
   */
  static FileChanges between(List<SourceFile> before, List<SourceFile> now) {
    FileChanges inOrder = walkedInOrder(before, now);
    return inOrder != null ? inOrder : byPath(before, now);
  }

  /**
   * The changes found by walking both listings as sorted; null if they are not (a path both added
   * and deleted: a file the walk passed over on one side).
   */
  private static FileChanges walkedInOrder(List<SourceFile> before, List<SourceFile> now) {
    Map<String, String> changed = new HashMap<>();
    Set<String> deleted = new HashSet<>();
    int[] places = new int[now.size()];
    int at = 0;
    for (int place = 0; place < now.size(); place++) {
      SourceFile is = now.get(place);
      while (at < before.size() && passed(before.get(at), is)) {
        deleted.add(before.get(at++).path());
      }
      SourceFile was = at < before.size() ? before.get(at) : null;
      if (was != null && (was == is || was.path().equals(is.path()))) {
        if (was != is && !was.blobId().equals(is.blobId())) {
          changed.put(is.path(), is.blobId());
        }
        places[place] = at++;
      } else {
        changed.put(is.path(), is.blobId());
        places[place] = -1;
      }
    }
    while (at < before.size()) {
      deleted.add(before.get(at++).path());
    }
    for (String path : deleted) {
      if (changed.containsKey(path)) {
        return null;
      }
    }
    return new FileChanges(changed, deleted, places);
  }

  /** Whether {@code was}, of the listing before, comes before {@code is} of the commit's. */
  private static boolean passed(SourceFile was, SourceFile is) {
    return was != is && !was.path().equals(is.path()) && SourceFile.GIT_ORDER.compare(was, is) < 0;
  }

  private static FileChanges byPath(List<SourceFile> before, List<SourceFile> now) {
    Map<String, Integer> placeOf = new HashMap<>();
    for (int at = 0; at < before.size(); at++) {
      placeOf.put(before.get(at).path(), at);
    }
    Map<String, String> changed = new HashMap<>();
    Set<String> deleted = new HashSet<>(placeOf.keySet());
    int[] places = new int[now.size()];
    for (int place = 0; place < now.size(); place++) {
      SourceFile is = now.get(place);
      Integer at = placeOf.get(is.path());
      deleted.remove(is.path());
      places[place] = at == null ? -1 : at;
      if (at == null || !before.get(at).blobId().equals(is.blobId())) {
        changed.put(is.path(), is.blobId());
      }
    }
    return new FileChanges(changed, deleted, places);
  }

  /** Whether {@code path}, a file of the commit, is as it was. */
  boolean unchanged(String path) {
    return !changed.containsKey(path);
  }

  /** The place in the settled listing of the commit's file at {@code place}; -1: a new file. */
  int placeBefore(int place) {
    return placesBefore[place];
  }
}
