package dev.poros.cli;

import dev.poros.apply.local.LogFiles;
import dev.poros.apply.local.ServiceSupervisor;
import dev.poros.model.RecordedResource;
import dev.poros.store.NodeRunRecord;
import dev.poros.store.RunRecord;
import dev.poros.store.Stores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code poros logs RESOURCE}: what a workflow run's nodes, or a service's or worker's replicas,
 * printed (secret values masked), as {@code dataos-ctl logs}.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Prints the logs of a workflow run's nodes (the last run unless --run), or of a service's"
            + " or worker's replicas on this machine.")
final class LogsCommand implements Callable<Integer> {
  private static final long FOLLOW_POLL_MS = 200;

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(index = "0", description = "The workflow, service or worker: its id or its name.")
  String workflow;

  @Option(
      names = {"-n", "--node"},
      description = "Only this node (of a service or worker: this replica, 0, 1, ...).")
  String node;

  @Option(
      names = {"-r", "--run"},
      description = "This run (default: the last).")
  Long run;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the run ends.")
  boolean follow;

  @Option(
      names = {"-l", "--tail"},
      defaultValue = "300",
      description =
          "Only the last N lines of each log (default: ${DEFAULT-VALUE}; then, with -f, what"
              + " follows).")
  int tail;

  @Override
  public Integer call() throws IOException, InterruptedException {
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      Stores stores = wiring.stores();
      RecordedResource resource = Resources.recordedRunnable(stores, workflow);
      if (!resource.type().equals("workflow")) {
        return replicas(resource, global.dataDir);
      }
      String key = resource.key().id();
      RunRecord chosen =
          run != null
              ? stores
                  .runs()
                  .run(run)
                  .filter(r -> r.resourceKey().equals(key))
                  .orElseThrow(() -> new UsageException("no run " + run + " of " + key))
              : stores.runs().runs(key, 1).stream()
                  .findFirst()
                  .orElseThrow(() -> new UsageException(key + " has not run"));
      PrintWriter out = spec.commandLine().getOut();
      Map<Path, Long> printed = new LinkedHashMap<>();
      while (true) {
        boolean running =
            stores.runs().run(chosen.id()).map(r -> r.state().equals("running")).orElse(false);
        for (Path log : logs(stores, chosen.id())) {
          printNew(out, log, printed, printed.size() > 1 || node == null, !running);
        }
        out.flush();
        if (!follow || !running) {
          return ExitCodes.OK;
        }
        Thread.sleep(FOLLOW_POLL_MS);
      }
    }
  }

  /** A service's or worker's replicas' logs: each's last lines, then with -f what follows. */
  private int replicas(RecordedResource resource, Path dataDir)
      throws IOException, InterruptedException {
    if (run != null) {
      throw new UsageException("--run is for workflows: " + resource.key().id() + " has replicas");
    }
    Path folder =
        ServiceSupervisor.logFolder(
            dataDir.toAbsolutePath().normalize(),
            resource.workspace(),
            resource.type(),
            resource.name());
    List<Path> logs;
    try (var files = Files.list(folder)) {
      String only = node == null ? null : node.startsWith("replica-") ? node : "replica-" + node;
      logs =
          files
              .filter(p -> p.getFileName().toString().matches("replica-\\d+\\.log"))
              .filter(p -> only == null || p.getFileName().toString().equals(only + ".log"))
              .sorted()
              .toList();
    } catch (NoSuchFileException e) {
      logs = List.of();
    }
    if (logs.isEmpty()) {
      throw new UsageException(
          resource.key().id()
              + (node == null ? "" : " has no replica " + node + ",")
              + " has no replica log on this machine"
              + (resource.executor().equals("kubernetes")
                  ? ": its pods are on the cluster (kubectl logs)"
                  : ""));
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<Path, Long> printed = new LinkedHashMap<>();
    boolean labelled = logs.size() > 1;
    while (true) {
      for (Path log : logs) {
        printNew(out, log, printed, labelled, !follow);
      }
      out.flush();
      if (!follow) {
        return ExitCodes.OK;
      }
      Thread.sleep(FOLLOW_POLL_MS);
    }
  }

  private List<Path> logs(Stores stores, long runId) {
    return stores.runs().nodes(runId).stream()
        .filter(n -> n.logPath() != null && (node == null || n.node().equals(node)))
        .map(NodeRunRecord::logPath)
        .distinct()
        .map(Path::of)
        .toList();
  }

  /**
   * Prints what {@code log} has that {@code printed} says was not printed yet: at first its last
   * {@code --tail} lines, later what was written since; records where it stopped.
   */
  private void printNew(
      PrintWriter out, Path log, Map<Path, Long> printed, boolean labelled, boolean ended)
      throws IOException {
    Long from = printed.get(log);
    if (from == null) {
      LogFiles.Piece last = LogFiles.tail(log, tail, 16 * LogFiles.CHUNK);
      last.text().lines().forEach(l -> out.println(label(log, labelled) + l));
      from = last.next();
    }
    printed.put(log, print(out, log, from, labelled, ended));
  }

  /**
   * Prints {@code log} from byte {@code from}, a chunk at a time (a log may be larger than memory);
   * returns where it stopped. A line still being written waits, unless the run has ended.
   */
  private static long print(PrintWriter out, Path log, long from, boolean labelled, boolean ended)
      throws IOException {
    String label = label(log, labelled);
    long next = from;
    while (true) {
      long after = LogFiles.lines(log, next, LogFiles.CHUNK, ended, l -> out.println(label + l));
      if (after == next) {
        return next;
      }
      next = after;
    }
  }

  private static String label(Path log, boolean labelled) {
    return labelled ? "[" + log.getFileName().toString().replaceAll("\\.log$", "") + "] " : "";
  }
}
