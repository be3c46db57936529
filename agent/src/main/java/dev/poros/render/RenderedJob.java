package dev.poros.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one job of a runnable (a workflow's DAG job, or the whole service or worker) turns into: the
 * stack it runs on, the image (empty when the stack has none), the command line, the environment
 * (secret values as the caller supplied them: masked for display), the secrets that reach it and
 * how ({@code envVars} or {@code propFile}), the config files by name, and the stack's Kubernetes
 * templates rendered (empty when it has none).
 */
public record RenderedJob(
    String job,
    String stack,
    String image,
    List<String> command,
    Map<String, String> environment,
    String secretProjection,
    Map<String, String> configFiles,
    String containerResource,
    String resourceTemplate) {

  public RenderedJob {
    command = List.copyOf(command);
    // sorted and in template order, so that what is printed is stable
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    configFiles = Collections.unmodifiableMap(new LinkedHashMap<>(configFiles));
  }
}
