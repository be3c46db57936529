package dev.poros.cli;

import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.Trigger;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poros plan}: what a sync would do, applying nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Prints the plan that syncing a ref would carry out; applies and records nothing.")
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RepoOptions repo;

  @Option(
      names = "--ref",
      description = "Branch, tag or commit to plan (default: the followed branch).")
  String ref;

  @Mixin OutputOptions output;

  @Option(
      names = {"-a", "--all"},
      description = "Also list unchanged resources.")
  boolean all;

  @Override
  public Integer call() {
    Format format = output.format();
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      SyncResult result = repo.reconciler(wiring).reconcile(repo.spec(), ref, Trigger.CLI, true);
      new PlanReport(result, false).print(spec.commandLine().getOut(), format, all);
      return result.problems().isEmpty() ? ExitCodes.OK : ExitCodes.RESOURCE_FAILED;
    }
  }
}
