package dev.poros.cli;

import dev.poros.load.LoadResult;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.load.SystemResources;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.policy.AdmissionContext;
import dev.poros.policy.CelPrograms;
import dev.poros.policy.PolicyEngine;
import dev.poros.source.DirectorySource;
import dev.poros.source.Snapshot;
import dev.poros.store.SecretVault;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code poros validate [DIR]}: offline lint of a folder of manifests. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks a folder of manifests without a repository or a DB; exit 1 on errors.")
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      defaultValue = ".",
      description = "Folder of manifests (default: the current one).")
  Path dir;

  @Option(
      names = "--include",
      split = ",",
      description = "Globs of manifest files (default: **/*.yaml,**/*.yml).")
  List<String> include = List.of();

  @Option(names = "--exclude", split = ",", description = "Globs of files to leave out.")
  List<String> exclude = List.of();

  @Mixin OutputOptions output;

  @Mixin PolicyOptions policies;

  @Override
  public Integer call() {
    Format format = output.format();
    Snapshot snapshot = DirectorySource.read(dir, include, exclude);
    ResourceFactory factory = new ResourceFactory(SecretVault.ephemeral());
    LoadResult loaded = new ManifestLoader(factory).load(snapshot);
    DesiredState validated =
        Wiring.validator().validate(loaded, SystemResources.load(factory), List.of());
    // offline: no recorded state, no commit; policies that read them see null and empty values
    DesiredState judged =
        new PolicyEngine(new CelPrograms(CelPrograms.DEFAULT_BUDGET))
            .admit(
                validated,
                policies.standing(),
                new AdmissionContext(
                    Map.of(),
                    AdmissionContext.commit("", "", "", ""),
                    AdmissionContext.repository(dir.toString(), dir.toUri().toString())));
    List<Problem> problems = judged.problems();
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.TABLE) {
      problems.forEach(out::println);
      judged.allWarnings().forEach(w -> out.println("warning: " + w));
      out.printf(
          "%d file(s), %d resource(s), %d valid, %d problem(s)%n",
          snapshot.files().size(),
          judged.resources().size() + judged.rejected().size(),
          judged.resources().size(),
          problems.size());
      out.flush();
    } else {
      Output.write(
          out,
          format,
          Output.object(
              "files", snapshot.files().size(),
              "valid", judged.resources().stream().map(r -> r.key().id()).toList(),
              "problems", problems.stream().map(Output::problem).toList(),
              "warnings", judged.allWarnings().stream().map(Output::problem).toList()));
    }
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.RESOURCE_FAILED;
  }
}
