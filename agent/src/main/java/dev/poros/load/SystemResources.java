package dev.poros.load;

import dev.poros.model.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources every Poros instance has before any repository declares anything, as DataOS users
 * expect: the computes {@code runnable-default} and {@code query-default} and the built-in stacks
 * {@code shell} and {@code container}. They ship in the jar under {@code system/}; a repository may
 * override any of them by declaring the same identity.
 */
public final class SystemResources {
  /** Where their files say they come from. */
  public static final String ORIGIN = "poros:system/";

  private static final List<String> FILES =
      List.of(
          "compute-runnable-default.yaml",
          "compute-query-default.yaml",
          "stack-shell.yaml",
          "stack-container.yaml");

  private SystemResources() {}

  public static List<Resource> load(ResourceFactory factory) {
    ManifestLoader loader = new ManifestLoader(factory);
    List<Resource> resources = new ArrayList<>();
    for (String file : FILES) {
      ParsedFile parsed = loader.parse(ORIGIN + file, read(file));
      if (!parsed.intact()) {
        throw new IllegalStateException(
            "built-in resource " + file + " is broken: " + parsed.problems());
      }
      resources.addAll(parsed.resources());
    }
    return List.copyOf(resources);
  }

  private static byte[] read(String file) {
    try (InputStream in = SystemResources.class.getResourceAsStream("/system/" + file)) {
      if (in == null) {
        throw new IllegalStateException("built-in resource " + file + " missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
