package dev.poros.cli;

import dev.poros.server.Views;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.SyncRecord;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poros history}: the syncs, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Lists syncs, newest first: commit, trigger, outcome and counts.")
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "20",
      description = "How many syncs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Format format = output.format();
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      List<SyncRecord> syncs = wiring.stores().syncs().history(limit);
      Map<Long, String> repos = new HashMap<>();
      for (RepositoryRecord r : wiring.stores().repositories().list()) {
        repos.put(r.id(), r.displayName());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.TABLE) {
        Table table =
            new Table(
                "SYNC",
                "STARTED",
                "REPOSITORY",
                "COMMIT",
                "TRIGGER",
                "OUTCOME",
                "CREATED",
                "UPDATED",
                "DELETED",
                "FAILED",
                "DURATION",
                "MESSAGE");
        for (SyncRecord s : syncs) {
          table.row(
              s.id(),
              s.startedAt().truncatedTo(ChronoUnit.SECONDS),
              repos.get(s.repositoryId()),
              s.commit() == null ? "" : s.commit().substring(0, 7),
              s.trigger(),
              s.outcome(),
              s.created(),
              s.updated(),
              s.deleted(),
              s.failed(),
              s.duration() == null ? "" : s.duration().toMillis() + "ms",
              s.message());
        }
        out.print(table.render());
        out.flush();
      } else {
        Output.write(
            out,
            format,
            syncs.stream().map(s -> Views.sync(s, repos.get(s.repositoryId()))).toList());
      }
      return ExitCodes.OK;
    }
  }
}
