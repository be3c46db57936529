package dev.poros.cli;

import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.model.Resource;
import dev.poros.policy.AccessDecisions;
import dev.poros.policy.CelPrograms;
import dev.poros.policy.PolicyEngine;
import dev.poros.policy.PolicyFixtures;
import dev.poros.policy.StandingPolicies;
import dev.poros.server.AccessPolicies;
import dev.poros.source.DirectorySource;
import dev.poros.store.SecretVault;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code poros policy test DIR} and {@code poros policy list}: admission policies, offline. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Admission policies: test them against fixtures, list the shipped ones.",
    subcommands = {
      PolicyCommand.Test.class,
      PolicyCommand.ListShipped.class,
      PolicyCommand.Check.class
    })
final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "test or list?");
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
      StandingPolicies.load(Set.of(), null)
          .policies()
          .forEach(
              p ->
                  out.printf(
                      "%-36s %-5s %s%n",
                      p.name(), p.action().name().toLowerCase(Locale.ROOT), p.description()));
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Decides an access request by the DataOS access policies (type: policy, policy.access)"
              + " that the Poros DB records as synced, or that --dir declares: allow (exit 0) or"
              + " deny (exit 1), and the policy that decided. A deny wins; nothing matching is a"
              + " deny.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @CommandLine.Mixin GlobalOptions global;

    @CommandLine.Mixin OutputOptions output;

    @CommandLine.Option(
        names = "--subject",
        split = ",",
        required = true,
        description = "The subject's tags (users:id:NAME, roles:id:ROLE, ...).")
    List<String> subject;

    @CommandLine.Option(
        names = "--predicate",
        required = true,
        description = "What it would do: read, create, update, delete, select, ...")
    String predicate;

    @CommandLine.Option(
        names = "--object",
        description = "The object's path, e.g. dataos://lakehouse:retail/city.")
    String object;

    @CommandLine.Option(
        names = "--object-tag",
        split = ",",
        description = "The object's tags (dataos:type:column, ...).")
    List<String> objectTags = List.of();

    @CommandLine.Option(
        names = "--dir",
        description = "Decide by the policies declared in this folder, not by the Poros DB.")
    Path dir;

    @Override
    public Integer call() {
      if (object == null && objectTags.isEmpty()) {
        throw new UsageException("give the object: --object PATH or --object-tag TAG");
      }
      AccessDecisions decisions = new AccessDecisions(dir != null ? declared(dir) : synced());
      AccessDecisions.Decision decision =
          decisions.decide(
              new AccessDecisions.Request(
                  Set.copyOf(subject), predicate, object, Set.copyOf(objectTags)));
      PrintWriter out = spec.commandLine().getOut();
      Format format = output.format();
      if (format == Format.TABLE) {
        out.println((decision.allowed() ? "allow: " : "deny: ") + decision.reason());
        out.flush();
      } else {
        Output.write(
            out,
            format,
            Output.object(
                "allowed", decision.allowed(),
                "policy", decision.policy(),
                "reason", decision.reason()));
      }
      return decision.allowed() ? ExitCodes.OK : ExitCodes.RESOURCE_FAILED;
    }

    private static Map<String, JsonNode> declared(Path dir) {
      ManifestLoader loader = new ManifestLoader(new ResourceFactory(SecretVault.ephemeral()));
      Map<String, JsonNode> policies = new HashMap<>();
      for (Resource resource :
          loader.load(DirectorySource.read(dir, List.of(), List.of())).resources()) {
        policies.put(resource.key().id(), resource.maskedManifest());
      }
      return policies;
    }

    private Map<String, JsonNode> synced() {
      try (Wiring wiring = new Wiring(global.dataDir, Clock.systemUTC())) {
        return AccessPolicies.recorded(wiring.stores());
      }
    }
  }
}
