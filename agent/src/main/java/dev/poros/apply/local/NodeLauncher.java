package dev.poros.apply.local;

import dev.poros.render.RenderedJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one attempt of one node of a workflow run, wherever its executor runs things: a process on
 * this machine ({@link ProcessLauncher}), or a Job on a cluster. The DAG's order, retries and
 * skipping are {@code DagRun}'s; only the attempt is the launcher's.
 */
public interface NodeLauncher {
  /**
   * One attempt: the workflow's name, the run and node, the attempt's number, the job to run, its
   * timeout (null: none), its working folder (a node's own, for local processes), its log, who is
   * told of a process started on this machine for it, and whether its run was asked to stop ({@code
   * poros runtime stop}: a launcher whose attempt is not a local process ends it itself).
   */
  record Attempt(
      String workflow,
      long runId,
      String node,
      int number,
      RenderedJob job,
      Duration timeout,
      Path folder,
      String workingDir,
      Path log,
      Consumer<ProcessHandle> onStart,
      BooleanSupplier stopAsked) {

    /** Tells of the process started for this attempt, so a later agent can find it. */
    public void started(ProcessHandle process) {
      onStart.accept(process);
    }

    /** Adds {@code line} to the attempt's log (a launcher's own words, or output it copied). */
    public void appendLog(String line) {
      JobProcess.append(log, line);
    }
  }

  /** How an attempt ended: its exit code (null when it never ran to an end), and why it failed. */
  record Outcome(Integer exitCode, String message) {
    public boolean succeeded() {
      return exitCode != null && exitCode == 0;
    }
  }

  Outcome run(Attempt attempt) throws InterruptedException;
}
