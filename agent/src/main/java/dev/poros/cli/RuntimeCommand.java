package dev.poros.cli;

import dev.poros.apply.local.RunStops;
import dev.poros.store.RunRecord;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code poros runtime ACTION WORKFLOW}, as {@code dataos-ctl runtime} has it: pause and resume a
 * workflow's schedule (recorded in the Poros DB, so a running agent and a restarted one hold it),
 * stop its running run, run it again now.
 */
@Command(
    name = "runtime",
    mixinStandardHelpOptions = true,
    description =
        "Controls a workflow's runs: pause (its schedule starts no run, across restarts), resume,"
            + " stop (its running run ends as failed), re-run (a new run of the last applied spec,"
            + " waited for).")
final class RuntimeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(index = "0", description = "pause, resume, stop or re-run.")
  String action;

  @Parameters(index = "1", description = "The workflow: its id or its name.")
  String workflow;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      if (action.equals("re-run")) {
        return ManualRun.run(wiring, workflow, out);
      }
      String key = Resources.recordedWorkflow(wiring.stores(), workflow);
      switch (action) {
        case "pause" ->
            out.println(
                wiring.stores().runs().pause(key)
                    ? key + " paused: its schedule starts no run until poros runtime resume"
                    : key + " was paused already");
        case "resume" ->
            out.println(
                wiring.stores().runs().resume(key)
                    ? key + " resumed: its schedule starts runs again"
                    : key + " was not paused");
        case "stop" -> {
          Optional<RunRecord> stopped =
              new RunStops(wiring.stores().runs(), Duration.ofSeconds(5), Duration.ofSeconds(30))
                  .stop(key);
          if (stopped.isEmpty()) {
            spec.commandLine().getErr().println("poros: no run of " + key + " is running");
            return ExitCodes.RESOURCE_FAILED;
          }
          RunRecord run = stopped.get();
          out.printf("run %d of %s %s: %s%n", run.id(), key, run.state(), run.message());
        }
        default ->
            throw new UsageException(
                "unknown action '" + action + "': pause, resume, stop or re-run");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
