package dev.poros.cli;

import dev.poros.reconcile.SyncResult;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poros forget --repo R --yes}: removes what a repository applied — its services and workers
 * stopped, its schedules gone, its resources recorded as deleted — as if its branch declared
 * nothing. Without {@code --yes} it shows what would go.
 */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description = {
      "Removes everything a repository applied, as if its branch declared nothing (a resource that"
          + " another repository's resources still use is held). Without --yes, shows what would"
          + " go and changes nothing.",
      "Take the repository out of poros.yaml first, or the agent applies it again."
    })
final class ForgetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RepoOptions repo;
  @Mixin OutputOptions output;

  @Option(names = "--yes", description = "Delete, rather than show what would be deleted.")
  boolean yes;

  @Override
  public Integer call() {
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      SyncResult result = repo.reconciler(wiring).forget(repo.spec(), !yes);
      new PlanReport(result, yes).print(spec.commandLine().getOut(), output.format(), false);
      if (!yes) {
        spec.commandLine().getErr().println("poros: nothing removed; add --yes to remove it");
        spec.commandLine().getErr().flush();
      }
      return result.anyResourceFailed() ? ExitCodes.RESOURCE_FAILED : ExitCodes.OK;
    }
  }
}
