package dev.poros.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Lists the files of a commit's tree that a folder and globs select, in Git's order. The last
 * listing of each mirror is kept: the next one with the same selection walks only the subtrees that
 * differ between the two trees and amends it — a commit that changes one file of 5,000 reads the
 * paths on its way to that file, not 5,000 paths.
 */
final class FileListings {
  private record Listing(String selection, ObjectId tree, List<SourceFile> files) {}

  private final Map<String, Listing> last = new ConcurrentHashMap<>();

  /**
   * The files of {@code tree} in {@code mirror} that {@code spec} selects — under its folder
   * (empty: all), by its globs (relative to the folder) — each with its blob id.
   */
  List<SourceFile> list(String mirror, Repository repo, ObjectId tree, RepoSpec spec)
      throws IOException {
    String selection = spec.selection();
    Listing before = last.get(mirror);
    List<SourceFile> files;
    if (before == null || !before.selection().equals(selection)) {
      files = walk(repo, tree, spec.path(), new Globs(spec.include(), spec.exclude()));
    } else if (before.tree().equals(tree)) {
      files = before.files();
    } else {
      Globs globs = new Globs(spec.include(), spec.exclude());
      files = amended(before.files(), changes(repo, before.tree(), tree, spec.path(), globs));
    }
    last.put(mirror, new Listing(selection, tree.copy(), files));
    return files;
  }

  private static List<SourceFile> walk(Repository repo, ObjectId tree, String folder, Globs globs)
      throws IOException {
    List<SourceFile> files = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      if (!folder.isEmpty()) {
        walk.setFilter(PathFilter.create(folder));
      }
      while (walk.next()) {
        String path = walk.getPathString();
        if (globs.selects(relative(path, folder))) {
          files.add(new SourceFile(path, walk.getObjectId(0).name()));
        }
      }
    }
    return List.copyOf(files);
  }

  /**
   * The selected paths that differ between trees {@code from} and {@code to}, in Git's order: each
   * as {@code to} has it, or with a null blob id where {@code to} has none.
   */
  private static List<SourceFile> changes(
      Repository repo, ObjectId from, ObjectId to, String folder, Globs globs) throws IOException {
    List<SourceFile> changes = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(from);
      walk.addTree(to);
      walk.setRecursive(true);
      walk.setFilter(
          folder.isEmpty()
              ? TreeFilter.ANY_DIFF
              : AndTreeFilter.create(PathFilter.create(folder), TreeFilter.ANY_DIFF));
      while (walk.next()) {
        String path = walk.getPathString();
        if (globs.selects(relative(path, folder))) {
          boolean gone = walk.getRawMode(1) == 0; // (missing)
          changes.add(new SourceFile(path, gone ? null : walk.getObjectId(1).name()));
        }
      }
    }
    return changes;
  }

  /** {@code files} with {@code changes} made: each replaced, added in its place, or removed. */
  private static List<SourceFile> amended(List<SourceFile> files, List<SourceFile> changes) {
    List<SourceFile> amended = new ArrayList<>(files.size() + changes.size());
    int next = 0;
    for (SourceFile change : changes) {
      int found =
          Collections.binarySearch(files.subList(next, files.size()), change, SourceFile.GIT_ORDER);
      int at = next + (found >= 0 ? found : -found - 1);
      amended.addAll(files.subList(next, at));
      next = found >= 0 ? at + 1 : at;
      if (change.blobId() != null) {
        amended.add(change);
      }
    }
    amended.addAll(files.subList(next, files.size()));
    return List.copyOf(amended);
  }

  private static String relative(String path, String folder) {
    return folder.isEmpty() ? path : path.substring(folder.length() + 1);
  }
}
