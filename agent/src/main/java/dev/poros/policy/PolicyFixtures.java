package dev.poros.policy;

import dev.poros.model.Problem;
import dev.poros.model.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Tests policies the way the shipped ones are tested: beside each policy file {@code NAME.yaml},
 * the manifests in {@code NAME.allow.yaml} (or {@code NAME.WHAT.allow.yaml}) must pass every one of
 * its policies, and each resource in {@code NAME.deny.yaml} must be caught by one of them (a deny,
 * a warning or an audit, as the policy says).
 */
public final class PolicyFixtures {
  private final PolicyEngine engine;
  private final Function<Path, List<Resource>> resourcesOf;

  /** {@code resourcesOf}: the resources a fixture file declares, loaded as a sync loads them. */
  public PolicyFixtures(PolicyEngine engine, Function<Path, List<Resource>> resourcesOf) {
    this.engine = engine;
    this.resourcesOf = resourcesOf;
  }

  /** One fixture's outcome: whether it did what its name says, and what was found. */
  public record Outcome(Path fixture, boolean passed, String detail) {}

  static boolean isFixture(Path file) {
    String name = file.getFileName().toString();
    return name.matches(".*\\.(allow|deny)\\.ya?ml");
  }

  /** Every fixture beside a policy file in {@code folder} and below, run. */
  public List<Outcome> run(Path folder) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Path file : StandingPolicies.policyFiles(folder)) {
      List<AdmissionPolicy> policies = new ArrayList<>();
      List<Problem> problems = new ArrayList<>();
      try {
        StandingPolicies.read(file.toString(), Files.readAllBytes(file), policies, problems);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (Path fixture : fixturesOf(file)) {
        outcomes.add(
            problems.isEmpty()
                ? run(policies, fixture)
                : new Outcome(fixture, false, "the policy file has problems: " + problems));
      }
    }
    return outcomes;
  }

  private Outcome run(List<AdmissionPolicy> policies, Path fixture) {
    boolean expectCaught = fixture.getFileName().toString().matches(".*\\.deny\\.ya?ml");
    AdmissionContext context =
        new AdmissionContext(
            Map.of(),
            AdmissionContext.commit("0000000", "fixture", "fixture", "main"),
            AdmissionContext.repository("fixtures", fixture.getParent().toString()));
    List<String> detail = new ArrayList<>();
    boolean passed = true;
    List<Resource> resources = resourcesOf.apply(fixture);
    if (resources.isEmpty()) {
      return new Outcome(fixture, false, "declares no resource");
    }
    List<String> workspaces = PolicyEngine.workspacesOf(resources);
    boolean anyMatched = false;
    for (Resource resource : resources) {
      List<AdmissionPolicy> matching =
          policies.stream().filter(p -> p.match().matches(resource)).toList();
      if (matching.isEmpty()) {
        continue; // context for the others, as the workspace of a namespace
      }
      anyMatched = true;
      List<PolicyEngine.Finding> findings =
          engine.findings(matching, resource, context, workspaces);
      findings.forEach(f -> detail.add(f.problem().toString()));
      boolean errors = findings.stream().anyMatch(PolicyEngine.Finding::error);
      boolean caught = findings.stream().anyMatch(f -> !f.error());
      passed &= !errors && caught == expectCaught;
      if (!caught && expectCaught) {
        detail.add(resource.key().id() + " passed every policy");
      }
    }
    if (!anyMatched) {
      return new Outcome(fixture, false, "no resource in it is one the policies check");
    }
    return new Outcome(fixture, passed, String.join("; ", detail));
  }

  private static List<Path> fixturesOf(Path policyFile) {
    String name = policyFile.getFileName().toString();
    String base = name.substring(0, name.lastIndexOf('.'));
    try (Stream<Path> siblings = Files.list(policyFile.getParent())) {
      return siblings
          .filter(PolicyFixtures::isFixture)
          .filter(f -> f.getFileName().toString().startsWith(base + "."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
