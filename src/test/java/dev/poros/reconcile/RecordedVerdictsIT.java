package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.load.SystemResources;
import dev.poros.model.DesiredState;
import dev.poros.policy.AdmissionContext;
import dev.poros.policy.CelPrograms;
import dev.poros.policy.PolicyEngine;
import dev.poros.policy.RenderedObjects;
import dev.poros.policy.StandingPolicies;
import dev.poros.source.DirectorySource;
import dev.poros.store.SecretVault;
import dev.poros.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission verdicts beyond one process (issue 16's "only changed resources evaluated"): a new
 * engine on the same Poros DB trusts the clean verdicts it recorded and evaluates only what
 * changed; a verdict's findings say where the resource is now, not where it was when judged.
 */
class RecordedVerdictsIT {
  @TempDir Path tmp;

  private static String depot(String name, String extra) {
    return "name: " + name + "\nversion: v1\ntype: depot\n" + extra + "depot: {type: S3}\n";
  }

  @Test
  void aNewEngineTrustsTheCleanVerdictsItsDbRecordedAndJudgesOnlyWhatChanged() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(repo.resolve("d" + i + ".yaml"), depot("d" + i, "owner: data\n"));
    }
    StandingPolicies shipped = StandingPolicies.load(Set.of(), null);
    Stores stores = Stores.open(tmp.resolve("data"), Clock.systemUTC());
    try {
      long repositoryId = stores.repositories().ensure("file:///repo", "main", "").id();
      PolicyEngine first = engine();
      first.admit(desired(repo), shipped, context(stores, repositoryId));
      long cold = first.evaluations();
      assertThat(cold).as("every shipped policy matching a depot, on each").isGreaterThan(20);

      PolicyEngine second = engine();
      DesiredState again = second.admit(desired(repo), shipped, context(stores, repositoryId));
      assertThat(second.evaluations()).as("a new process, nothing changed").isZero();
      assertThat(again.resources()).hasSize(20);

      Files.writeString(repo.resolve("d3.yaml"), depot("d3", "owner: lake\n"));
      PolicyEngine third = engine();
      third.admit(desired(repo), shipped, context(stores, repositoryId));
      assertThat(third.evaluations()).as("only d3's policies").isEqualTo(cold / 20);

      // no owner: the shipped resources-have-owner warns, and a new engine finds it again
      Files.writeString(repo.resolve("d4.yaml"), depot("d4", ""));
      engine().admit(desired(repo), shipped, context(stores, repositoryId));
      DesiredState warned = engine().admit(desired(repo), shipped, context(stores, repositoryId));
      assertThat(warned.policyWarnings())
          .singleElement()
          .asString()
          .startsWith("d4.yaml:1: policy resources-have-owner: no owner");
    } finally {
      stores.db().close();
    }
  }

  @Test
  void aRememberedFindingSaysWhereItsResourceIsNow() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve("lake.yaml"), depot("lake", ""));
    StandingPolicies shipped = StandingPolicies.load(Set.of(), null);
    PolicyEngine engine = engine();
    AdmissionContext context =
        new AdmissionContext(
            Map.of(),
            AdmissionContext.commit("c1", "a", "m", "main"),
            AdmissionContext.repository("r", "file:///r"));
    assertThat(engine.admit(desired(repo), shipped, context).policyWarnings())
        .singleElement()
        .asString()
        .startsWith("lake.yaml:1: policy resources-have-owner");

    Files.writeString(repo.resolve("lake.yaml"), "# moved down\n\n" + depot("lake", ""));
    assertThat(engine.admit(desired(repo), shipped, context).policyWarnings())
        .singleElement()
        .asString()
        .startsWith("lake.yaml:3: policy resources-have-owner");
  }

  private static PolicyEngine engine() {
    return new PolicyEngine(new CelPrograms(CelPrograms.DEFAULT_BUDGET));
  }

  private static AdmissionContext context(Stores stores, long repositoryId) {
    return new AdmissionContext(
        Map.of(),
        AdmissionContext.commit("c1", "a", "m", "main"),
        AdmissionContext.repository("r", "file:///repo"),
        new RecordedVerdicts(stores.verdicts(), repositoryId),
        RenderedObjects.NONE);
  }

  private static DesiredState desired(Path repo) {
    ResourceFactory factory = new ResourceFactory(SecretVault.ephemeral());
    return Wiring.validator()
        .validate(
            new ManifestLoader(factory).load(DirectorySource.read(repo, List.of(), List.of())),
            SystemResources.load(factory),
            List.of());
  }
}
