package dev.poros.cli;

import dev.poros.source.SourceException;
import dev.poros.source.UnverifiedCommitException;
import dev.poros.store.StoreException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code poros}: the GitOps agent's command line. */
@Command(
    name = "poros",
    mixinStandardHelpOptions = true,
    version = "poros 0.1.0",
    description = "Syncs DataOS-style resources declared in Git to this machine or a cluster.")
public final class Main implements Runnable {
  /** The commands, in the order help lists them. */
  static final List<Class<?>> COMMANDS =
      List.of(
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
          BenchCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    return commandLine(
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args.length > 0 ? args[0] : "")
        .execute(args);
  }

  /** The command line with every command, printing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, "");
  }

  /**
   * The command line, printing to {@code out} and {@code err}; when {@code first} names a command,
   * with only that one: picocli builds the model of every command it is given, by reflection, which
   * cost each run a fifth of a second for the twelve it did not run.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
    CommandLine cli = new CommandLine(new Main());
    List<Class<?>> named =
        COMMANDS.stream().filter(command -> nameOf(command).equals(first)).toList();
    for (Class<?> command : named.isEmpty() ? COMMANDS : named) {
      cli.addSubcommand(nameOf(command), command);
    }
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

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
