package dev.poros.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.plan.PlanAction;
import dev.poros.source.RepoSpec;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource is applied anew when what it uses changes: a rotated secret re-plans exactly the
 * resources that reference it — directly or through a depot — and nothing else.
 */
class UsedResourcesIT {
  @TempDir Path tmp;

  static String workflow(String name, String secrets) {
    return "name: "
        + name
        + "\nversion: v1\ntype: workflow\nworkflow:\n  schedule:\n    cron: '0 0 0 1 1 ? 2099'\n"
        + "  dag:\n    - name: a\n      spec:\n        stack: shell\n        compute: local\n"
        + secrets
        + "        command: [sh, -c, 'echo a']\n";
  }

  @Test
  void aRotatedSecretReplansExactlyTheResourcesUsingIt() {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.copy("spine/db-creds.yaml", "db-creds.yaml")
          .copy("spine/warehouse.yaml", "warehouse.yaml")
          .copy("spine/compute.yaml", "compute.yaml")
          .copy("spine/access.yaml", "access.yaml")
          .copy("spine/app-token.yaml", "app-token.yaml")
          .write("uses.yaml", workflow("uses", "        secrets: [db-creds]\n"))
          .write("other.yaml", workflow("other", "        secrets: [app-token]\n"))
          .write("plain.yaml", workflow("plain", ""))
          .commit("a secret, a depot and a workflow using it, and others that do not");
      RepoSpec spec = RepoSpec.of(repo.dir().toString(), null, "");
      Reconciler reconciler = wiring.reconciler("local");
      SyncResult first = reconciler.reconcile(spec, null, Trigger.CLI, false);
      assertThat(first.problems()).isEmpty();

      repo.copy("spine/db-creds-rotated.yaml", "db-creds.yaml").commit("rotated");
      SyncResult rotated = reconciler.reconcile(spec, null, Trigger.CLI, false);

      assertThat(rotated.plan().steps())
          .filteredOn(s -> s.action() != PlanAction.UNCHANGED)
          .extracting(s -> s.key().id() + ": " + s.reason())
          .containsExactlyInAnyOrder(
              "instance-secret:v1:db-creds: secret data changed",
              "depot:v1:warehouse: a resource it uses changed",
              "workflow:v1:uses:public: a resource it uses changed");
      assertThat(rotated.plan().count(PlanAction.UNCHANGED)).isEqualTo(5);
      assertThat(reconciler.reconcile(spec, null, Trigger.CLI, false).plan().changes())
          .as("applied once: the next sync finds everything as recorded")
          .isFalse();
    }
  }
}
