package dev.poros.source;

import dev.poros.model.Hashes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A repository URL as the agent keeps it: remote URLs as given, local paths made absolute so that
 * {@code .} and {@code /work/repo} name the same repository.
 */
public record RepoLocation(String url, boolean local) {

  public static RepoLocation parse(String given) {
    if (given.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      if (given.startsWith("file://")) {
        return localPath(Path.of(URI.create(given)));
      }
      return new RepoLocation(given, false);
    }
    if (given.matches("^[^/@]+@[^:]+:.*")) {
      return new RepoLocation(given, false); // scp-like ssh: git@host:org/repo.git
    }
    return localPath(Path.of(given));
  }

  private static RepoLocation localPath(Path path) {
    return new RepoLocation(path.toAbsolutePath().normalize().toString(), true);
  }

  /** Fails, saying so, when a local repository is not there (a remote one fails when fetched). */
  public void requireReachable() {
    if (local && !Files.isDirectory(Path.of(url))) {
      throw new SourceException("repository " + url + " does not exist");
    }
  }

  /**
   * Whether {@code other} names this repository, as forges write URLs in their webhooks: scheme,
   * user, port, a trailing {@code .git} and case aside ({@code git@host:org/repo.git} and {@code
   * https://host/org/repo} are the same repository).
   */
  public boolean sameRepository(String other) {
    return comparable(url).equals(comparable(other));
  }

  private static String comparable(String url) {
    return url.strip()
        .toLowerCase(Locale.ROOT)
        .replaceFirst("^[a-z][a-z0-9+.-]*://", "")
        .replaceFirst("^[^@/]*@", "")
        .replaceFirst("^([^/:]+):(?!\\d)", "$1/")
        .replaceFirst("^([^/:]+):\\d+/", "$1/")
        .replaceAll("/+$", "")
        .replaceAll("\\.git$", "");
  }

  /** A folder name for this repository's mirror: readable, and unique by a hash of the URL. */
  public String mirrorName() {
    String tail = url.replaceAll("\\.git/?$", "").replaceAll(".*[/:]", "");
    String readable = tail.replaceAll("[^A-Za-z0-9._-]", "-");
    return readable + "-" + Hashes.sha256(url).substring(0, 12) + ".git";
  }
}
