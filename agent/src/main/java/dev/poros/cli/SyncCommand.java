package dev.poros.cli;

import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.Trigger;
import dev.poros.store.RunRecord;
import java.time.Clock;
import java.util.List;
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

  @Option(
      names = "--full",
      description =
          "Load, validate and plan the whole commit even when nothing changed since the last sync.")
  boolean full;

  @Option(names = "--dry-run", description = "Plan only: apply and record nothing.")
  boolean dryRun;

  @Mixin OutputOptions output;

  @Option(
      names = {"-a", "--all"},
      description = "Also list unchanged resources.")
  boolean all;

  /**
   * A one-shot sync converges fully: it waits for the workflow runs it started and reports them.
   * Returns whether one failed.
   */
  private boolean awaitRuns(Wiring wiring) {
    List<Long> runs = wiring.startedRuns();
    if (runs.isEmpty()) {
      return false;
    }
    try {
      wiring.awaitStartedRuns();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
    boolean failed = false;
    for (long id : runs) {
      RunRecord run = wiring.stores().runs().run(id).orElseThrow();
      spec.commandLine()
          .getErr()
          .printf(
              "run %d of %s: %s %s%s%n",
              id,
              run.resourceKey(),
              run.state(),
              run.progress(),
              run.message().isEmpty() ? "" : " (" + run.message() + ")");
      failed |= !run.state().equals("succeeded");
    }
    spec.commandLine().getErr().flush();
    return failed;
  }

  @Override
  public Integer call() {
    Format format = output.format();
    try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
      SyncResult result =
          repo.reconciler(wiring).reconcile(repo.spec(), null, Trigger.CLI, dryRun, full);
      new PlanReport(result, !dryRun).print(spec.commandLine().getOut(), format, all);
      boolean runFailed = awaitRuns(wiring);
      return result.anyResourceFailed() || runFailed ? ExitCodes.RESOURCE_FAILED : ExitCodes.OK;
    }
  }
}
