package dev.poros.cli;

import dev.poros.apply.kubernetes.KubernetesClients;
import dev.poros.apply.kubernetes.KubernetesSettings;
import dev.poros.apply.kubernetes.RunnablePods;
import dev.poros.apply.local.Durations;
import dev.poros.model.Json;
import dev.poros.model.RecordedResource;
import dev.poros.server.Views;
import dev.poros.store.ResourceFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poros get}: resources as the Poros DB records them, like {@code dataos-ctl get}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description =
        "Lists recorded resources. JSON fields: id, type, version, name, workspace, layer, status, runtime, health, hash, commit, message, executor, file, updatedAt.")
final class GetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Option(
      names = {"-t", "--type"},
      description = "Only this type (workflow, depot, apps/Deployment, ...).")
  String type;

  @Option(
      names = {"-w", "--workspace"},
      description = "Only this workspace.")
  String workspace;

  @Option(
      names = {"-s", "--status"},
      description = "Only this status (active, error, deleted).")
  String status;

  @Option(
      names = {"-a", "--all"},
      description = "Include deleted and built-in resources.")
  boolean all;

  @Mixin OutputOptions output;

  @Option(
      names = {"-d", "--details"},
      description = "Each resource's spec as recorded (secret values masked), as YAML documents.")
  boolean details;

  @Option(
      names = {"-r", "--refresh"},
      description = "Redraw the list every 5 seconds until interrupted, as dataos-ctl get -r.")
  boolean refresh;

  /** How many times {@code -r} draws (tests); unbounded by default. */
  @Option(names = "--refresh-times", hidden = true, defaultValue = "0")
  int refreshTimes;

  /** How long {@code -r} waits between draws. */
  @Option(names = "--refresh-every", hidden = true, defaultValue = "5s")
  String refreshEvery;

  @CommandLine.Parameters(
      arity = "0..2",
      paramLabel = "runtime RESOURCE",
      description =
          "get runtime WORKFLOW: the workflow's last runs and their nodes; get runtime SERVICE (or"
              + " WORKER): its replicas, their processes, restarts and health.")
  List<String> what = List.of();

  @Option(
      names = "--kubeconfig",
      description =
          "With runtime of a service or worker on a cluster: the kubeconfig that reaches it"
              + " (default: as kubectl finds one).")
  Path kubeconfig;

  @Option(names = "--context", description = "With --kubeconfig: its context.")
  String context;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "With runtime: how many runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() throws InterruptedException {
    Format format = output.format();
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      if (!what.isEmpty()) {
        if (what.size() != 2 || !what.get(0).equals("runtime")) {
          throw new UsageException("usage: poros get runtime WORKFLOW|SERVICE|WORKER");
        }
        RecordedResource runnable = Resources.recordedRunnable(wiring.stores(), what.get(1));
        if (runnable.type().equals("workflow")) {
          RuntimeView.print(
              spec.commandLine().getOut(), wiring.stores(), runnable.key().id(), runs);
        } else {
          RuntimeView.printReplicas(
              spec.commandLine().getOut(), wiring.stores(), runnable, pods(runnable));
        }
        return ExitCodes.OK;
      }
      PrintWriter out = spec.commandLine().getOut();
      Duration every = Durations.parse(refreshEvery);
      for (int drawn = 1; ; drawn++) {
        if (refresh) {
          out.print("\033[H\033[2J"); // a terminal's clear screen, as watch(1) draws
        }
        list(wiring, format, out);
        if (!refresh || drawn == refreshTimes) {
          break;
        }
        Thread.sleep(every.toMillis());
      }
      return ExitCodes.OK;
    }
  }

  /** The pods of a runnable the Kubernetes executor applied; null when the cluster cannot say. */
  private List<RunnablePods.PodState> pods(RecordedResource runnable) {
    if (!runnable.executor().equals("kubernetes")) {
      return List.of();
    }
    try (var client =
        KubernetesClients.connect(
            new KubernetesSettings(kubeconfig, context, null, true, null, 0))) {
      return RunnablePods.of(client, runnable.key().id(), runnable.workspace());
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("poros: cannot list its pods: " + e.getMessage());
      return null;
    }
  }

  /** One drawing of the list: a table, JSON or YAML, or with {@code -d} the specs. */
  private void list(Wiring wiring, Format format, PrintWriter out) {
    List<RecordedResource> found =
        wiring
            .stores()
            .resources()
            .list(
                new ResourceFilter(
                    type, workspace, status, null, all || "deleted".equals(status), all));
    Set<String> paused = wiring.stores().runs().pausedKeys();
    if (details) {
      for (RecordedResource r : found) {
        out.println("---");
        out.println(
            "# "
                + r.key().id()
                + (r.sourceFile() == null || r.sourceFile().isEmpty()
                    ? ""
                    : " (" + r.sourceFile() + ")"));
        out.print(Json.YAML.writeValueAsString(Json.parse(r.maskedJson())));
      }
      out.flush();
    } else if (format == Format.TABLE) {
      Table table =
          new Table(
              "TYPE",
              "NAME",
              "VERSION",
              "WORKSPACE",
              "STATUS",
              "RUNTIME",
              "HEALTH",
              "COMMIT",
              "MESSAGE");
      for (RecordedResource r : found) {
        table.row(
            r.type(),
            r.name(),
            r.version(),
            r.workspace() == null ? "" : r.workspace(),
            r.status().label(),
            paused.contains(r.key().id())
                ? "paused"
                : r.runtime() == null ? "" : r.runtime().label(),
            r.health() == null ? "" : r.health().label(),
            r.commit().length() > 7 ? r.commit().substring(0, 7) : r.commit(),
            oneLine(r.message()));
      }
      out.print(table.render());
      out.flush();
    } else {
      Output.write(
          out,
          format,
          found.stream()
              .map(
                  r -> {
                    Map<String, Object> view = Views.resource(r);
                    if (paused.contains(r.key().id())) {
                      view.put("runtime", "paused");
                    }
                    return view;
                  })
              .toList());
    }
  }

  private static String oneLine(String message) {
    String line = message.replace('\n', ' ');
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }
}
