package dev.poros.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One of the scripts under {@code src/test/infra} ({@code kube-up}, {@code forge-up}) bound to the
 * folder it keeps its state in: {@code up} starts the part (building it first when this machine has
 * not), {@code down} stops exactly what {@code up} started. A part that cannot be built or started
 * fails the test with the tail of what the script printed — never a skipped test.
 */
final class InfraScript {
  /** Building from nothing on two cores takes up to ~40 minutes; starting takes seconds. */
  private static final long UP_MINUTES = 60;

  private final Path script;
  private final Path dir;

  InfraScript(String name, Path dir) {
    this.script = Fixtures.PROJECT.resolve("src/test/infra").resolve(name);
    this.dir = dir;
  }

  /**
   * A part started by {@code script}, with what its {@code up} wrote; closing it (the JUnit root
   * store does, at the end of the run) stops it, and so does a shutdown hook if the JVM is
   * interrupted first.
   */
  static final class Started implements AutoCloseable {
    private final InfraScript script;
    private final Map<String, String> env;
    private final Thread hook;

    private Started(InfraScript script, Map<String, String> env, Thread hook) {
      this.script = script;
      this.env = env;
      this.hook = hook;
    }

    /** Starts {@code src/test/infra/NAME} with its state in {@code target/test-infra/FOLDER}. */
    static Started start(String name, String folder) {
      InfraScript script =
          new InfraScript(name, Fixtures.PROJECT.resolve("target/test-infra").resolve(folder));
      Thread hook = new Thread(script::down, name + "-down");
      Runtime.getRuntime().addShutdownHook(hook);
      return new Started(script, script.up(), hook);
    }

    String get(String key) {
      return env.get(key);
    }

    Path path(String key) {
      return Path.of(env.get(key));
    }

    @Override
    public void close() {
      script.down();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway; down is idempotent
      }
    }
  }

  /**
   * A name of {@code testClass}'s own on a part shared by the run (a namespace, a repository):
   * lower case, unique to this run.
   */
  static String nameFor(Class<?> testClass) {
    return testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
        + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }

  /** The context of the test class {@code context} belongs to (itself, in a class callback). */
  static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /**
   * Starts the part (stopping first what a killed earlier run may have left in the same folder).
   */
  Map<String, String> up() {
    down();
    run("up", UP_MINUTES);
    return env();
  }

  void down() {
    run("down", 2);
  }

  /** {@code DIR/env}: what {@code up} wrote about the running part. */
  private Map<String, String> env() {
    try {
      Map<String, String> env = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("env"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return env;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void run(String verb, long minutes) {
    try {
      Files.createDirectories(dir);
      Path out = dir.resolveSibling(dir.getFileName() + "-" + verb + ".out");
      Process process =
          new ProcessBuilder(List.of("bash", script.toString(), verb, dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            script.getFileName() + " " + verb + " took over " + minutes + " min:\n" + tail(out));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            script.getFileName()
                + " "
                + verb
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + tail(out));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(script.getFileName() + " " + verb + " interrupted", e);
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
