package dev.poros.apply.local;

import dev.poros.model.ProcessStamp;
import dev.poros.store.ProcessRecord;
import dev.poros.store.ProcessStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised process of a service or worker. Its output reaches its log file, secrets masked,
 * through a {@link MaskedOutput} that does not pass through Poros, so it outlives the agent and is
 * adopted, by pid and start time, when the agent comes back. A crash restarts it after a back-off
 * that doubles up to a limit and starts over once it has run long enough.
 */
final class Replica {
  private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

  private final String key;
  private final int index;
  private final String specHash;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path folder;
  private final Path log;
  private final MaskedOutput output;
  private final ProcessStore store;
  private final SupervisorSettings settings;
  private volatile ProcessHandle current;
  private volatile boolean stopping;
  private volatile int restarts;
  private volatile Integer lastExit;
  private volatile Instant startedAt;
  private Thread supervisor;

  Replica(
      String key,
      int index,
      String specHash,
      List<String> command,
      Map<String, String> environment,
      Path folder,
      Path log,
      MaskedOutput output,
      ProcessStore store,
      SupervisorSettings settings) {
    this.key = key;
    this.index = index;
    this.specHash = specHash;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.folder = folder;
    this.log = log;
    this.output = output;
    this.store = store;
    this.settings = settings;
  }

  String specHash() {
    return specHash;
  }

  int restarts() {
    return restarts;
  }

  Instant startedAt() {
    return startedAt;
  }

  boolean alive() {
    ProcessHandle p = current;
    return p != null && p.isAlive();
  }

  /**
   * Supervises {@code adopted} (a process found running from before), or a new process — started
   * here, before this returns, so that a one-shot sync leaves it running however soon it ends.
   */
  void start(ProcessHandle adopted, int previousRestarts) {
    restarts = previousRestarts;
    Process child = adopted == null ? tryLaunch() : null;
    ProcessHandle first = adopted != null ? adopted : child == null ? null : child.toHandle();
    if (first != null) {
      // recorded before this returns: an agent starting later finds it and adopts it
      current = first;
      record(first, "running");
    }
    supervisor = new Thread(() -> supervise(first, child), "replica-" + key + "-" + index);
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /** A new process, or null (the log says why) when it cannot start. */
  private Process tryLaunch() {
    try {
      return launch();
    } catch (IOException e) {
      JobProcess.append(log, "poros: cannot start " + command.get(0) + ": " + e.getMessage());
      record(null, "backoff");
      return null;
    }
  }

  /**
   * Waits for {@code first} (null: none could start) and restarts it, and its successors, after a
   * back-off; {@code launched} is its {@link Process} when this replica started it (which gives its
   * exit code).
   */
  private void supervise(ProcessHandle first, Process launched) {
    Duration backoff = settings.firstBackoff();
    ProcessHandle process = first;
    Process child = launched;
    while (!stopping) {
      if (process != null) {
        current = process;
        startedAt = Instant.now();
        record(process, "running");
        try {
          process.onExit().get();
        } catch (InterruptedException e) {
          return; // the supervisor stops; the process is left to be adopted
        } catch (ExecutionException e) {
          LOG.warn("replica {}#{}: {}", key, index, e.getMessage());
        }
        lastExit = child == null ? null : child.exitValue();
        if (stopping) {
          return;
        }
        if (Duration.between(startedAt, Instant.now()).compareTo(settings.resetAfter()) >= 0) {
          backoff = settings.firstBackoff();
        }
      }
      restarts++;
      JobProcess.append(
          log,
          "poros: exited"
              + (lastExit == null ? "" : " with code " + lastExit)
              + "; restart "
              + restarts
              + " in "
              + Durations.format(backoff));
      record(null, "backoff");
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
              ? settings.maxBackoff()
              : backoff.multipliedBy(2);
      if (stopping) {
        return;
      }
      child = tryLaunch();
      process = child == null ? null : child.toHandle();
    }
  }

  private Process launch() throws IOException {
    Files.createDirectories(folder);
    PrivateFiles.log(log);
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
    builder.environment().putAll(environment);
    return output.start(builder, log);
  }

  private void record(ProcessHandle process, String state) {
    store.save(
        new ProcessRecord(
            key,
            index,
            process == null ? null : process.pid(),
            process == null ? null : ProcessStamp.startOf(process),
            specHash,
            restarts,
            lastExit,
            state));
  }

  /** Stops supervising and stops the process, with its whole tree. */
  void stop() {
    stopping = true;
    if (supervisor != null) {
      supervisor.interrupt();
    }
    ProcessHandle p = current;
    if (p != null) {
      JobProcess.stopTree(p, settings.stopGrace());
    }
    store.save(new ProcessRecord(key, index, null, null, specHash, restarts, lastExit, "stopped"));
  }

  /** Stops supervising but leaves the process running, for the next agent to adopt. */
  void detach() {
    stopping = true;
    if (supervisor != null) {
      supervisor.interrupt();
    }
  }
}
