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
 * how ({@code envVars}: in the environment; {@code propFile}: as {@code NAME.properties} files in
 * {@link #SECRET_MOUNT}), the config files by name (for {@link #CONFIG_MOUNT}), where its compute
 * places its pods, and the stack's Kubernetes templates rendered; {@code inImage}: its command runs
 * inside its image (a DataOS stack, {@code reconciler: stackManager}), so only a container runtime
 * can run it.
 */
public record RenderedJob(
    String job,
    String stack,
    String image,
    List<String> command,
    Map<String, String> environment,
    String secretProjection,
    Map<String, String> configFiles,
    Map<String, String> secretFiles,
    Placement placement,
    StackTemplates templates,
    boolean inImage) {

  /** Where a stack's command finds its config files, as DataOS mounts them. */
  public static final String CONFIG_MOUNT = "/etc/dataos/config";

  /** Where a stack's command finds its secrets when they are projected as files. */
  public static final String SECRET_MOUNT = "/etc/dataos/secret";

  public RenderedJob {
    command = List.copyOf(command);
    // sorted and in template order, so that what is printed is stable
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    configFiles = Collections.unmodifiableMap(new LinkedHashMap<>(configFiles));
    secretFiles = Collections.unmodifiableMap(new TreeMap<>(secretFiles));
  }

  /** This job as run {@code runId} of its workflow runs it: DataOS's {@code DATAOS_RUN_ID}. */
  public RenderedJob inRun(long runId) {
    Map<String, String> withRun = new TreeMap<>(environment);
    withRun.put("DATAOS_RUN_ID", String.valueOf(runId));
    return new RenderedJob(
        job,
        stack,
        image,
        command,
        withRun,
        secretProjection,
        configFiles,
        secretFiles,
        placement,
        templates,
        inImage);
  }
}
