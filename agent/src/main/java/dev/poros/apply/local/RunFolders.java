package dev.poros.apply.local;

import dev.poros.store.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a workflow run's files are in the data folder: its logs in {@code
 * logs/<workflow>/<run>/<node>.log}, its nodes' work folders in {@code
 * runs/<workflow>/<run>/<node>} (each with its config and, while the node runs, its secret files).
 */
public record RunFolders(Path dataDir) {
  public Path logs(String workflow, long runId) {
    return dataDir.resolve("logs").resolve(workflow).resolve(Long.toString(runId));
  }

  public Path work(String workflow, long runId) {
    return dataDir.resolve("runs").resolve(workflow).resolve(Long.toString(runId));
  }

  /**
   * Removes the secret files of {@code runs}, which a stopped agent left behind: a node that was
   * killed with it never reached the point where its secrets are removed, and no process of those
   * runs reads them any more. A run's id is unique, so its folder is found under any workflow.
   */
  public void forgetSecretsOf(List<RunRecord> runs) {
    Path all = dataDir.resolve("runs");
    if (runs.isEmpty() || !Files.isDirectory(all)) {
      return;
    }
    try (Stream<Path> workflows = Files.list(all)) {
      for (Path workflow : workflows.toList()) {
        for (RunRecord run : runs) {
          Path folder = workflow.resolve(Long.toString(run.id()));
          if (Files.isDirectory(folder)) {
            try (Stream<Path> nodes = Files.list(folder)) {
              nodes.filter(Files::isDirectory).forEach(n -> new JobFolder(n).forgetSecrets());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the secret files of stopped runs", e);
    }
  }
}
