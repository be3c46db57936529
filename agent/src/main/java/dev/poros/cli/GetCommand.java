package dev.poros.cli;

import dev.poros.model.RecordedResource;
import dev.poros.store.ResourceFilter;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
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

  @picocli.CommandLine.Parameters(
      arity = "0..2",
      paramLabel = "runtime WORKFLOW",
      description = "get runtime WORKFLOW: the workflow's last runs and their nodes.")
  List<String> what = List.of();

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "With runtime: how many runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() {
    Format format = output.format();
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      if (!what.isEmpty()) {
        if (what.size() != 2 || !what.get(0).equals("runtime")) {
          throw new UsageException("usage: poros get runtime WORKFLOW");
        }
        RuntimeView.print(
            spec.commandLine().getOut(),
            wiring.stores(),
            Resources.recordedWorkflow(wiring.stores(), what.get(1)),
            runs);
        return ExitCodes.OK;
      }
      List<RecordedResource> found =
          wiring
              .stores()
              .resources()
              .list(
                  new ResourceFilter(
                      type, workspace, status, null, all || "deleted".equals(status), all));
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.TABLE) {
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
              r.runtime() == null ? "" : r.runtime().label(),
              r.health() == null ? "" : r.health().label(),
              r.commit().length() > 7 ? r.commit().substring(0, 7) : r.commit(),
              oneLine(r.message()));
        }
        out.print(table.render());
        out.flush();
      } else {
        Output.write(out, format, found.stream().map(dev.poros.server.Views::resource).toList());
      }
      return ExitCodes.OK;
    }
  }

  private static String oneLine(String message) {
    String line = message.replace('\n', ' ');
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }
}
