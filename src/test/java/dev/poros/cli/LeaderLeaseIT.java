package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.testing.AgentProcess;
import dev.poros.testing.KubeCluster;
import dev.poros.testing.KubeCluster.Kube;
import dev.poros.testing.TestRepo;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents against the same Lease on the real control plane ({@code poros run --lease}): only the
 * holder syncs — the other opens nothing and answers not ready, naming the holder — and when the
 * holder dies without giving the Lease back, the other takes over within the Lease's duration.
 */
@Tag("infra")
@ExtendWith(KubeCluster.class)
class LeaderLeaseIT {
  static final Duration LEASE = Duration.ofSeconds(3);

  @TempDir Path tmp;

  @Test
  void onlyTheHolderSyncsAndTheOtherTakesOverWhenItDies(Kube kube) throws Exception {
    KubernetesClient admin = kube.admin();
    String namespace = kube.testNamespace();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("lake.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
          .commit("a depot");
      try (AgentProcess first = agent(kube, repo, namespace, "first")) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> ready(first));
        String firstHolder = holder(admin, namespace);
        assertThat(first.output()).contains("as " + firstHolder);

        try (AgentProcess second = agent(kube, repo, namespace, "second")) {
          // standing by for longer than a Lease lasts unrenewed: not ready, no DB opened, the
          // holder named
          await()
              .during(LEASE.plusSeconds(1))
              .atMost(LEASE.plusSeconds(3))
              .until(() -> !ready(second));
          assertThat(second.get("/readyz").body())
              .contains("waiting for the Lease " + namespace + "/poros, held by " + firstHolder);
          assertThat(second.get("/api/v1/resources").statusCode()).isEqualTo(503);
          assertThat(tmp.resolve("second/poros.db")).doesNotExist();
          assertThat(holder(admin, namespace)).isEqualTo(firstHolder);

          first.kill(); // no chance to give the Lease back
          long killed = System.nanoTime();
          await()
              .atMost(LEASE.multipliedBy(3))
              .pollInterval(Duration.ofMillis(50))
              .until(() -> !holder(admin, namespace).equals(firstHolder));
          assertThat(Duration.ofNanos(System.nanoTime() - killed))
              .as("taken within the Lease's duration (and a retry's period) of the holder's death")
              .isLessThan(LEASE.multipliedBy(2));
          assertThat(second.output()).contains("as " + holder(admin, namespace));
          await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions() // the port changes hands: standby closes, the agent opens it
              .until(() -> ready(second));
          assertThat(second.get("/api/v1/resources/depot:v1:lake").statusCode()).isEqualTo(200);

          // a graceful stop gives the Lease back: it expires a second later, not a duration later
          assertThat(second.terminate()).isIn(0, 143);
          assertThat(admin.leases().inNamespace(namespace).withName("poros").get())
              .extracting(lease -> lease.getSpec().getLeaseDurationSeconds())
              .as(second.output())
              .isEqualTo(1);
        }
      }
    } finally {
      admin.namespaces().withName(namespace).delete();
    }
  }

  AgentProcess agent(Kube kube, TestRepo repo, String namespace, String name) {
    return AgentProcess.start(
        tmp.resolve(name),
        tmp.resolve(name + ".log"),
        "--repo",
        repo.dir().toString(),
        "--interval",
        "1h",
        "--kubeconfig",
        kube.kubeconfig().toString(),
        "--lease",
        namespace + "/poros",
        "--lease-duration",
        LEASE.toSeconds() + "s");
  }

  static boolean ready(AgentProcess agent) {
    return agent.get("/readyz").statusCode() == 200;
  }

  static String holder(KubernetesClient admin, String namespace) {
    Lease lease = admin.leases().inNamespace(namespace).withName("poros").get();
    String holder = lease == null ? null : lease.getSpec().getHolderIdentity();
    return holder == null ? "" : holder;
  }
}
