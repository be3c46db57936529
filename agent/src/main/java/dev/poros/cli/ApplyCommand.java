package dev.poros.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code poros apply -l}: {@code dataos-ctl apply -l} as fingers type it, which lints; it is {@code
 * poros validate}. There is no apply outside Git, and without {@code -l} it says so.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description =
        "With -l: lints a folder of manifests, as poros validate does. Poros applies only what a"
            + " Git commit declares: commit and push, and it syncs.")
final class ApplyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-l", "--lint"},
      description = "Lint: the same as poros validate [DIR] [its options].")
  boolean lint;

  @Unmatched List<String> validateArguments = new ArrayList<>();

  @Override
  public Integer call() {
    if (!lint) {
      throw new UsageException(
          "there is no apply outside Git: commit and push the manifests and Poros syncs them"
              + " (poros sync --repo syncs now); poros apply -l lints a folder");
    }
    CommandLine validate = new CommandLine(new ValidateCommand());
    validate.setOut(spec.commandLine().getOut());
    validate.setErr(spec.commandLine().getErr());
    validate.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
    return validate.execute(validateArguments.toArray(String[]::new));
  }
}
