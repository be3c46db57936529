package dev.poros.cli;

import dev.poros.apply.local.LogFiles;
import dev.poros.store.NodeRunRecord;
import dev.poros.store.RunRecord;
import dev.poros.store.Stores;
import java.io.IOException;
import java.io.PrintWriter;
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

/** {@code poros logs WORKFLOW}: what a run's nodes printed (secret values masked). */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Prints the logs of a workflow run's nodes (the last run unless --run).")
final class LogsCommand implements Callable<Integer> {
  private static final long FOLLOW_POLL_MS = 200;

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(index = "0", description = "The workflow: its id or its name.")
  String workflow;

  @Option(
      names = {"-n", "--node"},
      description = "Only this node.")
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
      names = "--tail",
      description = "Only the last N lines of each node's log (then, with -f, what follows).")
  Integer tail;

  @Override
  public Integer call() throws IOException, InterruptedException {
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      Stores stores = wiring.stores();
      String key = Resources.recordedWorkflow(stores, workflow);
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
          boolean labelled = printed.size() > 1 || node == null;
          Long from = printed.get(log);
          if (from == null && tail != null) {
            LogFiles.Piece last = LogFiles.tail(log, tail, 16 * LogFiles.CHUNK);
            last.text().lines().forEach(l -> out.println(label(log, labelled) + l));
            from = last.next();
          }
          printed.put(log, print(out, log, from == null ? 0 : from, labelled, !running));
        }
        out.flush();
        if (!follow || !running) {
          return ExitCodes.OK;
        }
        Thread.sleep(FOLLOW_POLL_MS);
      }
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
