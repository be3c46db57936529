package dev.poros.apply.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One process of a job: started with its environment in its folder, its output (stdout and stderr,
 * secrets masked) appended to its log, stopped — the whole process tree, politely then firmly —
 * when it outlives its timeout.
 */
final class JobProcess {
  static final Duration GRACE = Duration.ofSeconds(10);

  /** How the process ended: its exit code (null when it could not start), and why if it failed. */
  record Outcome(Integer exitCode, String message) {
    boolean succeeded() {
      return exitCode != null && exitCode == 0;
    }
  }

  private JobProcess() {}

  static Outcome run(
      List<String> command,
      Map<String, String> environment,
      Path workingDir,
      Path log,
      Redactor redactor,
      Duration timeout,
      Duration grace,
      long logCap,
      Consumer<ProcessHandle> started) {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process;
    try {
      Files.createDirectories(workingDir);
      PrivateFiles.log(log);
      process = builder.start();
    } catch (IOException e) {
      append(log, "poros: cannot start " + command.get(0) + ": " + e.getMessage());
      return new Outcome(null, "cannot start " + command.get(0) + ": " + e.getMessage());
    }
    started.accept(process.toHandle());
    Thread copier =
        new Thread(() -> copy(process, log, redactor, logCap), "log-" + log.getFileName());
    copier.setDaemon(true);
    copier.start();
    try {
      boolean ended =
          timeout == null
              ? waitFor(process)
              : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        stopTree(process.toHandle(), grace);
        copier.join(grace.toMillis());
        append(log, "poros: stopped after its timeout of " + Durations.format(timeout));
        return new Outcome(process.exitValue(), "timed out after " + Durations.format(timeout));
      }
      copier.join();
      int code = process.exitValue();
      return new Outcome(code, code == 0 ? "" : "exit code " + code);
    } catch (InterruptedException e) {
      stopTree(process.toHandle(), grace);
      Thread.currentThread().interrupt();
      return new Outcome(null, "interrupted: the agent is stopping");
    }
  }

  private static boolean waitFor(Process process) throws InterruptedException {
    process.waitFor();
    return true;
  }

  /**
   * SIGTERM to the process and everything it started, SIGKILL to what is left after {@code grace}.
   */
  static void stopTree(ProcessHandle root, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (Exception stillAlive) {
        handle.destroyForcibly();
      }
    }
    tree.forEach(
        h -> {
          if (h.isAlive()) {
            h.destroyForcibly();
          }
        });
  }

  /** Copies what the process prints, masked, into its log, which is rotated past its cap. */
  private static void copy(Process process, Path log, Redactor redactor, long logCap) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CappedLog out = new CappedLog(log, logCap)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.line(redactor.redact(line));
      }
    } catch (IOException e) {
      // the process closed its output, or the log is gone: nothing more to copy
    }
  }

  static void append(Path log, String line) {
    try {
      PrivateFiles.log(log);
      Files.writeString(
          log,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
