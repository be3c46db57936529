package dev.poros.source;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which manifests to sync: a repository URL (local path, {@code file://}, {@code http(s)://},
 * {@code ssh://}), a branch (null: the remote's HEAD), a folder inside it ("" for the root), the
 * globs, relative to that folder, that select manifest files, and the credentials to fetch it with
 * (null: none). Credentials written into an http(s) URL ({@code https://user:token@host/...}) are
 * taken out of it, so that the URL the agent records, logs and shows never holds a secret. And two
 * guards: whether a commit that declares nothing may prune everything the repository applied
 * ({@code allowEmpty}), and the size above which a file is not read ({@code maxFileBytes}). And
 * which commits may be synced at all ({@code trust}; null: any).
 */
public record RepoSpec(
    String url,
    String branch,
    String path,
    List<String> include,
    List<String> exclude,
    GitCredentials credentials,
    boolean allowEmpty,
    long maxFileBytes,
    CommitTrust trust) {

  public static final List<String> DEFAULT_INCLUDE = List.of("**/*.yaml", "**/*.yml");

  /** 3 MiB: far above any hand-written manifest, far below what would strain the agent. */
  public static final long DEFAULT_MAX_FILE_BYTES = 3L * 1024 * 1024;

  private static final Pattern HTTP_USERINFO =
      Pattern.compile("^(https?://)([^/@]*)@(.*)$", Pattern.CASE_INSENSITIVE);

  public RepoSpec {
    Matcher userinfo = HTTP_USERINFO.matcher(url);
    if (userinfo.matches()) {
      url = userinfo.group(1) + userinfo.group(3);
      if (credentials == null) {
        String[] parts = userinfo.group(2).split(":", 2);
        credentials =
            new GitCredentials(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
      }
    }
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive, not " + maxFileBytes);
    }
    path = normalizePath(path);
    include = List.copyOf(include.isEmpty() ? DEFAULT_INCLUDE : include);
    exclude = List.copyOf(exclude);
  }

  public RepoSpec(
      String url,
      String branch,
      String path,
      List<String> include,
      List<String> exclude,
      GitCredentials credentials) {
    this(url, branch, path, include, exclude, credentials, false, DEFAULT_MAX_FILE_BYTES, null);
  }

  public RepoSpec(
      String url, String branch, String path, List<String> include, List<String> exclude) {
    this(url, branch, path, include, exclude, null);
  }

  public static RepoSpec of(String url, String branch, String path) {
    return new RepoSpec(url, branch, path, DEFAULT_INCLUDE, List.of());
  }

  /**
   * Which files of a commit this spec selects, as one text: its folder and globs, which select the
   * same files of the same commit every time.
   */
  public String selection() {
    return path + '\0' + include + '\0' + exclude;
  }

  /** This spec, fetched with {@code credentials}. */
  public RepoSpec withCredentials(GitCredentials credentials) {
    return new RepoSpec(
        url, branch, path, include, exclude, credentials, allowEmpty, maxFileBytes, trust);
  }

  /** This spec with its guards: see {@link #allowEmpty()} and {@link #maxFileBytes()}. */
  public RepoSpec withGuards(boolean allowEmpty, long maxFileBytes) {
    return new RepoSpec(
        url, branch, path, include, exclude, credentials, allowEmpty, maxFileBytes, trust);
  }

  /** This spec, syncing only the commits {@code trust} accepts (null: any). */
  public RepoSpec withTrust(CommitTrust trust) {
    return new RepoSpec(
        url, branch, path, include, exclude, credentials, allowEmpty, maxFileBytes, trust);
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
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
