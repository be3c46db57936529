package dev.poros.cli;

import dev.poros.store.NodeRunRecord;
import dev.poros.store.RunRecord;
import dev.poros.store.Stores;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A workflow's runs and their nodes, as {@code dataos-ctl get runtime} shows them. */
final class RuntimeView {
  private RuntimeView() {}

  static void print(PrintWriter out, Stores stores, String workflowKey, int runs) {
    List<RunRecord> records = stores.runs().runs(workflowKey, runs);
    if (records.isEmpty()) {
      out.println(workflowKey + " has not run");
    }
    for (RunRecord run : records) {
      out.printf(
          "run %d  %s  %s  trigger=%s  started=%s%s%s%n",
          run.id(),
          run.state(),
          run.progress(),
          run.trigger(),
          run.startedAt().truncatedTo(ChronoUnit.SECONDS),
          run.finishedAt() == null
              ? ""
              : "  took=" + Duration.between(run.startedAt(), run.finishedAt()).toMillis() + "ms",
          run.message().isEmpty() ? "" : "  (" + run.message() + ")");
      Table table = new Table("NODE", "ATTEMPT", "STATE", "EXIT", "STARTED", "FINISHED", "MESSAGE");
      for (NodeRunRecord node : stores.runs().nodes(run.id())) {
        table.row(
            node.node(),
            node.attempt(),
            node.state(),
            node.exitCode(),
            node.startedAt() == null ? "" : node.startedAt().truncatedTo(ChronoUnit.MILLIS),
            node.finishedAt() == null ? "" : node.finishedAt().truncatedTo(ChronoUnit.MILLIS),
            node.message());
      }
      table.render().lines().forEach(l -> out.println("  " + l));
    }
    out.flush();
  }
}
