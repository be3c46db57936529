package dev.poros.cli;

import dev.poros.source.SourceException;
import dev.poros.source.UnverifiedCommitException;
import dev.poros.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code poros}: the GitOps agent's command line. */
@Command(
    name = "poros",
    mixinStandardHelpOptions = true,
    version = "poros 0.1.0",
    description = "Syncs DataOS-style resources declared in Git to this machine or a cluster.",
    subcommands = {
      ValidateCommand.class,
      ApplyCommand.class,
      PlanCommand.class,
      SyncCommand.class,
      ForgetCommand.class,
      GetCommand.class,
      HistoryCommand.class,
      RenderCommand.class,
      RunCommand.class,
      LogsCommand.class,
      RuntimeCommand.class,
      PolicyCommand.class,
      BenchCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return commandLine(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true));
  }

  /** The command line, printing to {@code out} and {@code err}. */
  public static CommandLine commandLine(java.io.PrintWriter out, java.io.PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UsageException
              || e instanceof SourceException
              || e instanceof StoreException) {
            commandLine.getErr().println("poros: " + e.getMessage());
            commandLine.getErr().flush();
            // a refused commit is the repository's problem, as an invalid resource is
            return e instanceof UnverifiedCommitException
                ? ExitCodes.RESOURCE_FAILED
                : ExitCodes.USAGE_OR_ENVIRONMENT;
          }
          throw e;
        });
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
