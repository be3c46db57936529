package dev.poros.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Test fixtures from {@code src/test/resources}. */
public final class Fixtures {
  /** This project's folder (Maven runs the tests from it). */
  public static final Path PROJECT = Path.of("").toAbsolutePath();

  private Fixtures() {}

  /** The port the example's service declares, which the quick start uses. */
  public static final String EXAMPLE_PORT = "8601";

  /**
   * This project's {@code repo-layout-example/} as a Git repository of its own at {@code dir} (the
   * example at its root, committed), its service on a free port instead of the quick start's: a
   * quick start running on this machine does not collide with the tests. Returns the port.
   */
  public static int example(Path dir) {
    return example(dir, text -> text);
  }

  /** {@link #example(java.nio.file.Path)} with each file's text changed by {@code edit} too. */
  public static int example(Path dir, UnaryOperator<String> edit) {
    Path example = PROJECT.resolve("repo-layout-example");
    int port = freePort();
    try (TestRepo repo = TestRepo.init(dir);
        var files = Files.walk(example)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        repo.write(
            example.relativize(file).toString(),
            edit.apply(Files.readString(file).replace(EXAMPLE_PORT, String.valueOf(port))));
      }
      repo.commit("the example, its service on port " + port);
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port nothing listens on now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
