package dev.poros.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.source.DirectorySource;
import dev.poros.store.SecretVault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admission shares an expression's outcome among resources that show it the same values where it
 * reads; what each resource is found to have wrong must be what judging it alone finds.
 */
class SharedOutcomesTest {
  private static final String POLICIES =
      """
      name: owned
      version: v1
      type: admission-policy
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: has(resource.owner) && resource.owner != ''
            messageExpression: "'owner of ' + resource.name + ' is missing'"
        action: warn
      ---
      name: first-label-is-a
      version: v1
      type: admission-policy
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: "!has(resource.labels) || resource.labels.map(k, k)[0] == 'a'"
            messageExpression: "'first label ' + resource.labels.map(k, k)[0]"
        action: warn
      ---
      name: buckets
      version: v1
      type: admission-policy
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: has(resource.depot.spec.bucket)
          - expression: resource.depot.spec.size == 1
        action: warn
      ---
      name: named
      version: v1
      type: admission-policy
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: "!resource.name.endsWith('7')"
        action: warn
      ---
      name: shadowed
      version: v1
      type: admission-policy
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: "[1].all(resource, resource == 1) && has(resource.labels)"
        action: warn
      """;

  @TempDir Path tmp;

  @Test
  void sharedOutcomesAreWhatEachResourceAloneIsFoundToHaveWrong() throws Exception {
    Path policies = Files.createDirectories(tmp.resolve("policies"));
    Files.writeString(policies.resolve("p.yaml"), POLICIES);
    StandingPolicies standing =
        StandingPolicies.load(Set.copyOf(StandingPolicies.shippedNames()), policies);
    assertThat(standing.problems()).isEmpty();
    // more than SharedOutcomes tries an expression for before it stops sharing one that reads names
    List<Resource> resources = resources(1200, new Random(14));
    AdmissionContext context =
        new AdmissionContext(
            Map.of(),
            AdmissionContext.commit("c", "a", "m", "main"),
            AdmissionContext.repository("r", "u"));
    CelPrograms programs = new CelPrograms(CelPrograms.DEFAULT_BUDGET);

    PolicyEngine.Admitted admitted =
        new PolicyEngine(programs)
            .admit(
                DesiredState.fit(resources, Map.of()),
                PolicyEngine.CommitScope.of(resources),
                standing,
                context);

    List<String> workspaces = PolicyEngine.workspacesOf(resources);
    CelPrograms unshared = new CelPrograms(CelPrograms.DEFAULT_BUDGET);
    for (Resource resource : resources) {
      // a new engine for each resource: its own admission, nothing shared with another resource
      List<String> found =
          new PolicyEngine(unshared)
              .findings(standing.policies(), resource, context, workspaces).stream()
                  .map(f -> f.problem().toString())
                  .toList();
      assertThat(texts(admitted.warnings(), resource.key()))
          .as(resource.manifest().toString())
          .isEqualTo(found);
    }
    // the generated resources repeat their owners, labels and specs: most outcomes are shared
    assertThat(programs.evaluations()).isLessThan(unshared.evaluations() / 2);
  }

  private static List<String> texts(Map<ResourceKey, List<Problem>> warnings, ResourceKey key) {
    return warnings.getOrDefault(key, List.of()).stream().map(Problem::toString).toList();
  }

  /**
   * Depots alike in some ways: labels in any order, owners missing or empty, specs of any shape.
   */
  private List<Resource> resources(int count, Random random) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    List<String> owners = List.of("", "owner: team-a\n", "owner: team-b\n", "owner: ''\n");
    List<String> labels = List.of("", "a: 1", "b: 1", "a: 1.0", "a: '1'", "c: x");
    List<String> specs =
        List.of(
            "",
            "  spec: {bucket: x}\n",
            "  spec: {bucket: y, size: 1}\n",
            "  spec: {size: 1.0}\n",
            "  spec: {size: '1'}\n",
            "  spec: plain\n",
            "  spec: null\n");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      List<String> picked = new ArrayList<>();
      for (int j = random.nextInt(4); j > 0; j--) {
        String label = labels.get(random.nextInt(labels.size()));
        if (!label.isEmpty() && picked.stream().noneMatch(p -> p.charAt(0) == label.charAt(0))) {
          picked.add(label);
        }
      }
      yaml.append("name: d")
          .append(i)
          .append("\nversion: v1\ntype: depot\n")
          .append(owners.get(random.nextInt(owners.size())))
          .append(picked.isEmpty() ? "" : "labels: {" + String.join(", ", picked) + "}\n")
          .append("depot:\n  type: S3\n")
          .append(specs.get(random.nextInt(specs.size())))
          .append("---\n");
    }
    Files.writeString(repo.resolve("depots.yaml"), yaml.toString());
    List<Resource> loaded =
        new ManifestLoader(new ResourceFactory(SecretVault.ephemeral()))
            .load(DirectorySource.read(repo, List.of(), List.of()))
            .resources();
    assertThat(loaded).hasSize(count);
    return loaded;
  }
}
