package dev.poros.cli;

import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.reconcile.Reconciler;
import dev.poros.render.RenderException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code poros run WORKFLOW}: a run now, of the workflow as last applied. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs a workflow now, as it was last applied, and waits for it; exit 1 if the run fails.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      description = "The workflow: its id (workflow:v1:etl:public) or its name.")
  String workflow;

  @Override
  public Integer call() throws InterruptedException {
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      Reconciler.Judgement recorded = wiring.reconciler("local").judgeRecorded();
      Resource target = Resources.find(recorded.desired(), workflow, ResourceType.WORKFLOW);
      long runId;
      try {
        runId = wiring.workflows().start(target, recorded.needed(target), "manual");
      } catch (RenderException e) {
        throw new UsageException(target.key().id() + ": " + e.getMessage());
      }
      spec.commandLine().getOut().printf("run %d of %s started%n", runId, target.key().id());
      spec.commandLine().getOut().flush();
      String state = wiring.workflows().await(runId);
      RuntimeView.print(spec.commandLine().getOut(), wiring.stores(), target.key().id(), 1);
      return state.equals("succeeded") ? ExitCodes.OK : ExitCodes.RESOURCE_FAILED;
    }
  }
}
