package dev.poros.source;

import java.util.List;

/**
 * Which manifests to sync: a repository URL (local path, {@code file://}, {@code http(s)://},
 * {@code ssh://}), a branch (null: the remote's HEAD), a folder inside it ("" for the root) and the
 * globs, relative to that folder, that select manifest files.
 */
public record RepoSpec(
    String url, String branch, String path, List<String> include, List<String> exclude) {

  public static final List<String> DEFAULT_INCLUDE = List.of("**/*.yaml", "**/*.yml");

  public RepoSpec {
    path = normalizePath(path);
    include = List.copyOf(include.isEmpty() ? DEFAULT_INCLUDE : include);
    exclude = List.copyOf(exclude);
  }

  public static RepoSpec of(String url, String branch, String path) {
    return new RepoSpec(url, branch, path, DEFAULT_INCLUDE, List.of());
  }

  private static String normalizePath(String path) {
    if (path == null) {
      return "";
    }
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    p = p.replaceAll("^/+", "").replaceAll("/+$", "");
    return p.equals(".") ? "" : p;
  }
}
