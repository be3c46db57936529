package dev.poros.cli;

import dev.poros.apply.kubernetes.RunnablePods;
import dev.poros.model.RecordedResource;
import dev.poros.store.NodeRunRecord;
import dev.poros.store.ProcessRecord;
import dev.poros.store.RunRecord;
import dev.poros.store.Stores;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A workflow's runs and their nodes, or a service's or worker's replicas, as {@code dataos-ctl get
 * runtime} shows them.
 */
final class RuntimeView {
  private RuntimeView() {}

  static void print(PrintWriter out, Stores stores, String workflowKey, int runs) {
    if (stores.runs().paused(workflowKey)) {
      out.println(
          "RUNTIME paused: its schedule starts no run (poros runtime resume " + workflowKey + ")");
    }
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

  /**
   * A service's or worker's runtime: its state and health, then each replica's process (local) or
   * each pod ({@code pods}, on a cluster; null when the cluster could not be asked).
   */
  static void printReplicas(
      PrintWriter out, Stores stores, RecordedResource r, List<RunnablePods.PodState> pods) {
    out.printf(
        "%s  RUNTIME %s  HEALTH %s  (%s)%n",
        r.key().id(),
        r.runtime() == null ? "-" : r.runtime().label(),
        r.health() == null ? "-" : r.health().label(),
        r.executor());
    Table table;
    if (r.executor().equals("kubernetes")) {
      if (pods == null) {
        out.println("  its pods are on a cluster this command could not reach (--kubeconfig)");
        out.flush();
        return;
      }
      table = new Table("POD", "PHASE", "READY", "RESTARTS", "NODE");
      for (RunnablePods.PodState pod : pods) {
        table.row(pod.name(), pod.phase(), pod.ready(), pod.restarts(), pod.node());
      }
    } else {
      table = new Table("REPLICA", "PID", "STATE", "RESTARTS", "LAST EXIT", "STARTED");
      for (ProcessRecord replica : stores.processes().of(r.key().id())) {
        table.row(
            replica.replica(),
            replica.pid(),
            replica.state(),
            replica.restarts(),
            replica.lastExitCode(),
            replica.startedAt());
      }
    }
    table.render().lines().forEach(l -> out.println("  " + l));
    out.flush();
  }
}
