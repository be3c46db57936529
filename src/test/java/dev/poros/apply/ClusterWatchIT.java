package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.apply.kubernetes.KubernetesSettings;
import dev.poros.cli.Wiring;
import dev.poros.model.Health;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.schedule.Agent;
import dev.poros.schedule.WatchedRepository;
import dev.poros.source.RepoSpec;
import dev.poros.testing.KubeCluster;
import dev.poros.testing.KubeCluster.Kube;
import dev.poros.testing.TestRepo;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the sync: the agent watches what it applied on the real cluster — health follows the
 * rollout, and a change by another field manager or a deleted object is drift, healed or only
 * reported as the repository says.
 */
@ExtendWith(KubeCluster.class)
class ClusterWatchIT {
  static final ResourceKey SETTINGS = new ResourceKey("/ConfigMap::settings");
  static final ResourceKey EXTRA = new ResourceKey("/ConfigMap::extra");
  static final ResourceKey WEB = new ResourceKey("apps/Deployment::web");

  @TempDir Path tmp;

  /** An agent following {@code repo} onto the cluster, watching it. */
  record Running(Wiring wiring, Agent agent, AutoCloseable watch) implements AutoCloseable {
    RecordedResource resource(ResourceKey key) {
      return wiring.stores().resources().get(key).orElseThrow();
    }

    @Override
    public void close() throws Exception {
      agent.close();
      watch.close();
      wiring.close();
    }
  }

  Running agent(Kube kube, TestRepo repo, String namespace, boolean selfHeal) {
    Wiring wiring =
        new Wiring(tmp.resolve("data"), Clock.systemUTC())
            .kubernetes(new KubernetesSettings(kube.kubeconfig(), null, namespace, true));
    Agent agent =
        new Agent(
            List.of(
                new WatchedRepository(
                    "cluster",
                    RepoSpec.of(repo.dir().toString(), null, ""),
                    Duration.ofHours(1),
                    "kubernetes",
                    selfHeal)),
            wiring::reconciler,
            Clock.systemUTC());
    AutoCloseable watch = wiring.watchCluster(agent);
    agent.start();
    return new Running(wiring, agent, watch);
  }

  /** The Deployment's rollout finished, as the watch saw it. */
  static void awaitHealthy(Running running) {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(running.resource(WEB).health()).isEqualTo(Health.HEALTHY));
  }

  static String configMap(String name, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + "\ndata:\n  value: '"
        + value
        + "'\n";
  }

  void commitTwoConfigMapsAndADeployment(TestRepo repo, String namespace) {
    repo.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + namespace + "\n")
        .write("settings.yaml", configMap("settings", "from-git"))
        .write("extra.yaml", configMap("extra", "from-git"))
        .write(
            "web.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                + "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                + "    spec: {containers: [{name: web, image: nginx:1.27}]}\n")
        .commit("two ConfigMaps and a Deployment");
  }

  /** Another manager takes a field Poros set, and someone deletes an object Poros applied. */
  static void intrude(KubernetesClient admin, String namespace) {
    admin
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace(namespace)
                .endMetadata()
                .addToData("value", "by-hand")
                .build())
        .fieldManager("intruder")
        .forceConflicts()
        .serverSideApply();
    admin.configMaps().inNamespace(namespace).withName("extra").delete();
  }

  @Test
  void healthFollowsTheRolloutAndDriftIsHealedWithinSeconds(Kube kube) throws Exception {
    String ns = kube.namespace() + "-heal";
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      commitTwoConfigMapsAndADeployment(repo, ns);
      try (Running running = agent(kube, repo, ns, true)) {
        awaitHealthy(running);

        intrude(kube.admin(), ns);

        await()
            .ignoreExceptions()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(
                          kube.admin()
                              .configMaps()
                              .inNamespace(ns)
                              .withName("settings")
                              .get()
                              .getData())
                      .containsEntry("value", "from-git");
                  assertThat(kube.admin().configMaps().inNamespace(ns).withName("extra").get())
                      .isNotNull();
                });
        await()
            .ignoreExceptions()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(running.resource(SETTINGS).drifted()).isFalse();
                  assertThat(running.resource(EXTRA).drifted()).isFalse();
                });
      }
    } finally {
      kube.admin().namespaces().withName(ns).delete();
    }
  }

  @Test
  void withoutSelfHealDriftIsOnlyReported(Kube kube) throws Exception {
    String ns = kube.namespace() + "-report";
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      commitTwoConfigMapsAndADeployment(repo, ns);
      try (Running running = agent(kube, repo, ns, false)) {
        awaitHealthy(running);

        intrude(kube.admin(), ns);

        await()
            .ignoreExceptions()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(running.resource(SETTINGS).drift())
                      .contains("ConfigMap " + ns + "/settings: data.value: from-git → by-hand");
                  assertThat(running.resource(EXTRA).drift())
                      .isEqualTo("ConfigMap " + ns + "/extra: deleted");
                  assertThat(running.resource(EXTRA).health()).isEqualTo(Health.MISSING);
                });
        assertThat(kube.admin().configMaps().inNamespace(ns).withName("settings").get().getData())
            .containsEntry("value", "by-hand");
        assertThat(kube.admin().configMaps().inNamespace(ns).withName("extra").get()).isNull();
        assertThat(running.wiring().stores().resources().driftedCount()).isEqualTo(2);
      }
    } finally {
      kube.admin().namespaces().withName(ns).delete();
    }
  }
}
