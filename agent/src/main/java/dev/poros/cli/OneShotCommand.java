package dev.poros.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@code bench --cli} starts a one-shot {@code poros} as users do: the project's {@code poros}
 * launcher beside the jar's {@code target/} folder when this runs from that jar (its class-data
 * archives kept in {@code cdsDir}); else — from classes, or a jar moved away — plain {@code java}
 * with this classpath. Both with {@code -Xmx256m}.
 */
record OneShotCommand(List<String> prefix, Map<String, String> environment, String description) {
  static OneShotCommand find(Path cdsDir) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path code = codeSource();
    Path launcher =
        code == null || code.getParent() == null ? null : code.getParent().resolveSibling("poros");
    if (launcher != null && Files.isRegularFile(code) && Files.isExecutable(launcher)) {
      return new OneShotCommand(
          List.of(launcher.toString()),
          Map.of(
              "POROS_JAR", code.toString(),
              "JAVA_HOME", System.getProperty("java.home"),
              "JAVA_OPTS", "-Xmx256m",
              "POROS_CDS_DIR", cdsDir.toString()),
          launcher.toString());
    }
    return new OneShotCommand(
        List.of(
            java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()),
        Map.of(),
        "java -cp (no poros launcher beside the jar)");
  }

  /** Whether the runs are the launcher's, whose first run of a command makes its archive. */
  boolean archives() {
    return !environment.isEmpty();
  }

  ProcessBuilder start(String... arguments) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    return builder;
  }

  private static Path codeSource() {
    try {
      return Path.of(
          OneShotCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
