package dev.poros.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test fixtures from {@code src/test/resources}. */
public final class Fixtures {
  /** This project's folder (Maven runs the tests from it). */
  public static final java.nio.file.Path PROJECT = java.nio.file.Path.of("").toAbsolutePath();

  private Fixtures() {}

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
