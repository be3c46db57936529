package dev.poros.load;

import dev.poros.model.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources every Poros instance has before any repository declares anything, as DataOS users
 * expect: the computes {@code runnable-default} and {@code query-default}, Poros's stacks {@code
 * shell} and {@code container}, and the stacks every DataOS instance has ({@code flare:7.0}, {@code
 * beacon+rest}, ...: {@code system/stacks/}), their images under the instance's registry prefix.
 * They ship in the jar under {@code system/}; a repository may override any of them by declaring
 * the same identity.
 */
public final class SystemResources {
  /** Where their files say they come from. */
  public static final String ORIGIN = "poros:system/";

  /** Where DataOS's stack images are when the instance names no registry of its own. */
  public static final String DEFAULT_REGISTRY = "docker.io/rubiklabs";

  private static final List<String> FILES =
      List.of(
          "compute-runnable-default.yaml",
          "compute-query-default.yaml",
          "stack-shell.yaml",
          "stack-container.yaml",
          "stacks/alpha.yaml",
          "stacks/beacon-graphql.yaml",
          "stacks/beacon-rest.yaml",
          "stacks/bento.yaml",
          "stacks/dataos-ctl.yaml",
          "stacks/dbt-python.yaml",
          "stacks/fastfun-alpha.yaml",
          "stacks/flare.yaml",
          "stacks/flash-python.yaml",
          "stacks/nilus.yaml",
          "stacks/python3.yaml",
          "stacks/scanner.yaml",
          "stacks/soda-python.yaml",
          "stacks/stream-monitor.yaml");

  private static final String REGISTRY = "@REGISTRY@";

  private SystemResources() {}

  public static List<Resource> load(ResourceFactory factory) {
    return load(factory, DEFAULT_REGISTRY);
  }

  /** The built-in resources, the stacks' images under {@code registry} (a host and path prefix). */
  public static List<Resource> load(ResourceFactory factory, String registry) {
    ManifestLoader loader = new ManifestLoader(factory);
    List<Resource> resources = new ArrayList<>();
    for (String file : FILES) {
      byte[] text =
          new String(read(file), StandardCharsets.UTF_8)
              .replace(REGISTRY, registry)
              .getBytes(StandardCharsets.UTF_8);
      ParsedFile parsed = loader.parse(ORIGIN + file, text);
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
