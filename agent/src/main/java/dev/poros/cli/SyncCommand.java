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

/** {@code poros sync}: one sync of a repository. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description =
        "Fetches the repository, applies what its branch declares and records it; exit 1 if a resource failed.")
final class SyncCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RepoOptions repo;

  @Option(names = "--dry-run", description = "Plan only: apply and record nothing.")
  boolean dryRun;

  @Mixin OutputOptions output;

  @Option(
      names = {"-a", "--all"},
      description = "Also list unchanged resources.")
  boolean all;

  @Override
  public Integer call() {
    Format format = output.format();
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      SyncResult result =
          wiring.reconciler(repo.executor).reconcile(repo.spec(), null, Trigger.CLI, dryRun);
      new PlanReport(result, !dryRun).print(spec.commandLine().getOut(), format, all);
      return result.anyResourceFailed() ? ExitCodes.RESOURCE_FAILED : ExitCodes.OK;
    }
  }
}
