package dev.poros.apply.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Finds programs the way a shell does: a path as given, a bare name on {@code PATH}. */
public final class Programs {
  private final List<Path> path;

  public Programs(String pathVariable) {
    this.path =
        Arrays.stream(pathVariable == null ? new String[0] : pathVariable.split(File.pathSeparator))
            .filter(p -> !p.isBlank())
            .map(Path::of)
            .toList();
  }

  /** The programs of this process's {@code PATH}. */
  public static Programs fromEnvironment() {
    return new Programs(System.getenv("PATH"));
  }

  public boolean exists(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    return path.stream().anyMatch(dir -> Files.isExecutable(dir.resolve(program)));
  }
}
