package dev.poros.cli;

import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.model.Resource;
import dev.poros.policy.CelPrograms;
import dev.poros.policy.PolicyEngine;
import dev.poros.policy.PolicyFixtures;
import dev.poros.policy.StandingPolicies;
import dev.poros.source.DirectorySource;
import dev.poros.store.SecretVault;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code poros policy test DIR} and {@code poros policy list}: admission policies, offline. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Admission policies: test them against fixtures, list the shipped ones.",
    subcommands = {PolicyCommand.Test.class, PolicyCommand.ListShipped.class})
final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "test or list?");
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description =
          "Runs each policy file NAME.yaml in DIR against the fixtures beside it: every resource in"
              + " NAME.allow.yaml (or NAME.WHAT.allow.yaml) must pass, every resource of"
              + " NAME.deny.yaml that the policy checks must be caught. Exit 1 if one is not.")
  static final class Test implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "Folder of policies and their fixtures.")
    Path dir;

    @Override
    public Integer call() {
      ManifestLoader loader = new ManifestLoader(new ResourceFactory(SecretVault.ephemeral()));
      PolicyFixtures fixtures =
          new PolicyFixtures(
              new PolicyEngine(new CelPrograms(CelPrograms.DEFAULT_BUDGET)),
              file -> resources(loader, file));
      List<PolicyFixtures.Outcome> outcomes = fixtures.run(dir);
      PrintWriter out = spec.commandLine().getOut();
      for (PolicyFixtures.Outcome outcome : outcomes) {
        out.printf(
            "%-4s %s%s%n",
            outcome.passed() ? "ok" : "FAIL",
            dir.relativize(outcome.fixture()),
            outcome.detail().isEmpty() ? "" : ": " + outcome.detail());
      }
      long failed = outcomes.stream().filter(o -> !o.passed()).count();
      out.printf("%d fixture(s), %d failed%n", outcomes.size(), failed);
      out.flush();
      return failed == 0 && !outcomes.isEmpty() ? ExitCodes.OK : ExitCodes.RESOURCE_FAILED;
    }

    private static List<Resource> resources(ManifestLoader loader, Path fixture) {
      return loader
          .load(
              DirectorySource.read(
                  fixture.getParent(), List.of(fixture.getFileName().toString()), List.of()))
          .resources();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the shipped default policies (each on unless --policy-disable NAME).")
  static final class ListShipped implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      StandingPolicies.load(java.util.Set.of(), null)
          .policies()
          .forEach(
              p ->
                  out.printf(
                      "%-36s %-5s %s%n",
                      p.name(),
                      p.action().name().toLowerCase(java.util.Locale.ROOT),
                      p.description()));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
