package dev.poros.source;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Include/exclude globs over paths relative to the repo spec's folder. */
final class Globs {
  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;

  Globs(List<String> include, List<String> exclude) {
    this.include = compile(include);
    this.exclude = compile(exclude);
  }

  boolean selects(String relativePath) {
    Path path = Path.of(relativePath);
    return include.stream().anyMatch(m -> m.matches(path))
        && exclude.stream().noneMatch(m -> m.matches(path));
  }

  /**
   * {@code **}{@code /x} also matches {@code x} at the top, as users of gitignore-style globs
   * expect.
   */
  private static List<PathMatcher> compile(List<String> globs) {
    return globs.stream()
        .flatMap(g -> g.startsWith("**/") ? Stream.of(g, g.substring(3)) : Stream.of(g))
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
        .toList();
  }
}
