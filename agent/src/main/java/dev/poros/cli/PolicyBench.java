package dev.poros.cli;

import dev.poros.load.LoadResult;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.load.SystemResources;
import dev.poros.model.DesiredState;
import dev.poros.policy.AdmissionContext;
import dev.poros.policy.CelPrograms;
import dev.poros.policy.PolicyEngine;
import dev.poros.policy.StandingPolicies;
import dev.poros.source.DirectorySource;
import dev.poros.store.SecretVault;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What admission costs: the shipped policies and two more (ten) over the bench's repository, by a
 * new engine (CEL loaded, every expression compiled, every resource judged) and again by the same
 * engine (only what changed is judged: here nothing).
 */
final class PolicyBench {
  private static final String EXTRA =
      """
      name: depots-name-a-bucket
      version: v1
      type: admission-policy
      admission-policy:
        match: {types: [depot]}
        validations:
          - expression: "!has(resource.depot.spec) || has(resource.depot.spec.bucket)"
        action: deny
      ---
      name: workflows-use-known-stacks
      version: v1
      type: admission-policy
      admission-policy:
        match: {types: [workflow]}
        validations:
          - expression: resource.workflow.dag.all(j, !has(j.spec.stack) || j.spec.stack in ['shell', 'container'])
        action: warn
      """;

  void run(Path repoDir, PrintWriter out) throws IOException {
    Path extra = Files.createTempDirectory("poros-bench-policies");
    try {
      Files.writeString(extra.resolve("extra.yaml"), EXTRA);
      StandingPolicies policies = StandingPolicies.load(Set.of(), extra);
      ResourceFactory factory = new ResourceFactory(SecretVault.ephemeral());
      LoadResult loaded =
          new ManifestLoader(factory).load(DirectorySource.read(repoDir, List.of(), List.of()));
      DesiredState validated =
          Wiring.validator().validate(loaded, SystemResources.load(factory), List.of());
      AdmissionContext context =
          new AdmissionContext(
              Map.of(),
              AdmissionContext.commit("bench", "bench", "bench", "main"),
              AdmissionContext.repository("bench", repoDir.toString()));
      CelPrograms programs = new CelPrograms(CelPrograms.DEFAULT_BUDGET);
      PolicyEngine engine = new PolicyEngine(programs);
      long start = System.nanoTime();
      DesiredState admitted = engine.admit(validated, policies, context);
      long cold = (System.nanoTime() - start) / 1_000_000;
      long evaluated = engine.evaluations();
      long celEvaluations = programs.evaluations();
      start = System.nanoTime();
      engine.admit(validated, policies, context);
      long again = (System.nanoTime() - start) / 1_000_000;
      // what a new process pays besides loading CEL: a new engine once CEL is loaded and warm
      start = System.nanoTime();
      new PolicyEngine(new CelPrograms(CelPrograms.DEFAULT_BUDGET))
          .admit(validated, policies, context);
      long warmNew = (System.nanoTime() - start) / 1_000_000;
      // what an agent's cold sync pays: its engine compiled the policies while the commit loaded
      // (the median of five engines: one measurement swung twofold between runs)
      List<Long> prepared = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        PolicyEngine engineOfSync = new PolicyEngine(new CelPrograms(CelPrograms.DEFAULT_BUDGET));
        engineOfSync.admit(
            validated.judged(List.of(), Map.of(), List.of(), List.of()), policies, context);
        start = System.nanoTime();
        engineOfSync.admit(validated, policies, context);
        prepared.add((System.nanoTime() - start) / 1_000_000);
      }
      long preparedNew = prepared.stream().sorted().toList().get(prepared.size() / 2);
      out.printf(
          "  %-58s %6d%n",
          String.format(
              "admission: %d policies over %d resources, new engine",
              policies.policies().size(), validated.resources().size()),
          cold);
      out.printf(
          "  %-58s %6d%n",
          String.format(
              "  again, nothing changed (%d evaluated, then %d)",
              evaluated, engine.evaluations() - evaluated),
          again);
      out.printf("  %-58s %6d%n", "  another new engine, CEL loaded and warm", warmNew);
      out.printf(
          "  %-58s %6d%n",
          "  a new engine, its policies compiled before (median of 5)", preparedNew);
      out.printf(
          "    %d verdicts by %d CEL evaluations (resources alike share them)%n",
          evaluated, celEvaluations);
      out.printf(
          "    denied %d, warnings %d%n",
          admitted.rejected().size() - validated.rejected().size(),
          admitted.policyWarnings().size());
    } finally {
      try (var files = Files.list(extra)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(extra);
    }
  }
}
