package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.apply.kubernetes.ClusterTarget;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the sync: the agent watches what it applied on the real cluster — health follows the
 * rollout, and a change by another field manager or a deleted object is drift, healed or only
 * reported as the repository says.
 */
@Tag("infra")
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

  /**
   * The {@code value} of the ConfigMap {@code name} in {@code namespace}, as the cluster has it.
   */
  static String value(Kube kube, String namespace, String name) {
    return kube.admin()
        .configMaps()
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getData()
        .get("value");
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
                  assertThat(value(kube, ns, "settings")).isEqualTo("from-git");
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
        assertThat(value(kube, ns, "settings")).isEqualTo("by-hand");
        assertThat(kube.admin().configMaps().inNamespace(ns).withName("extra").get()).isNull();
        assertThat(running.wiring().stores().resources().driftedCount()).isEqualTo(2);
      }
    } finally {
      kube.admin().namespaces().withName(ns).delete();
    }
  }

  @Test
  void eachRepositoryOfOneAgentAppliesToTheNamespaceItsKubernetesBlockNames(Kube kube)
      throws Exception {
    String first = kube.testNamespace();
    String second = kube.testNamespace() + "b";
    try (TestRepo a = TestRepo.init(tmp.resolve("a"));
        TestRepo b = TestRepo.init(tmp.resolve("b"));
        Wiring wiring =
            new Wiring(tmp.resolve("data"), Clock.systemUTC())
                .kubernetes(new KubernetesSettings(kube.kubeconfig(), null, null, true))) {
      // two names: one resource id declared by two repositories is refused in the second
      a.write("settings.yaml", configMap("settings-a", "of a")).commit("a's");
      b.write("settings.yaml", configMap("settings-b", "of b")).commit("b's");
      List<WatchedRepository> repositories =
          List.of(
              new WatchedRepository(
                  "a",
                  RepoSpec.of(a.dir().toString(), null, ""),
                  Duration.ofHours(1),
                  "kubernetes",
                  new ClusterTarget(null, null, first),
                  true),
              new WatchedRepository(
                  "b",
                  RepoSpec.of(b.dir().toString(), null, ""),
                  Duration.ofHours(1),
                  "kubernetes",
                  new ClusterTarget(null, null, second),
                  true));
      Agent agent = new Agent(repositories, wiring::reconciler, Clock.systemUTC());
      try {
        agent.start();
        await()
            .ignoreExceptions()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(value(kube, first, "settings-a")).isEqualTo("of a");
                  assertThat(value(kube, second, "settings-b")).isEqualTo("of b");
                });
      } finally {
        agent.close();
        kube.admin().namespaces().withName(first).delete();
        kube.admin().namespaces().withName(second).delete();
      }
    }
  }

  @Test
  void oneAgentAppliesToTwoClustersRunsWorkflowsOnTheirsAndHealsDriftOnEach(Kube kube)
      throws Exception {
    String here = kube.testNamespace();
    try (Kube other = Kube.another(ClusterWatchIT.class);
        TestRepo a = TestRepo.init(tmp.resolve("a"));
        TestRepo b = TestRepo.init(tmp.resolve("b"));
        Wiring wiring =
            new Wiring(tmp.resolve("data"), Clock.systemUTC())
                .kubernetes(new KubernetesSettings(kube.kubeconfig(), null, null, true))) {
      String there = other.namespace();
      a.write("settings.yaml", configMap("here-settings", "on the first")).commit("a's");
      b.write("settings.yaml", configMap("there-settings", "on the second"))
          .write(
              "job.yaml",
              "name: once\nversion: v1\nworkspace: "
                  + there
                  + "\ntype: workflow\nworkflow:\n  dag:\n    - name: only\n"
                  + "      spec: {stack: shell, command: [sh, -c, 'echo on the second']}\n")
          .commit("b's");
      List<WatchedRepository> repositories =
          List.of(
              new WatchedRepository(
                  "a",
                  RepoSpec.of(a.dir().toString(), null, ""),
                  Duration.ofHours(1),
                  "kubernetes",
                  new ClusterTarget(null, null, here),
                  true),
              new WatchedRepository(
                  "b",
                  RepoSpec.of(b.dir().toString(), null, ""),
                  Duration.ofHours(1),
                  "kubernetes",
                  new ClusterTarget(other.kubeconfig(), null, there),
                  true));
      Agent agent = new Agent(repositories, wiring::reconciler, Clock.systemUTC());
      AutoCloseable watch = wiring.watchCluster(agent);
      try {
        agent.start();
        await()
            .ignoreExceptions()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(value(kube, here, "here-settings")).isEqualTo("on the first");
                  assertThat(value(other, there, "there-settings")).isEqualTo("on the second");
                });
        assertThat(kube.admin().configMaps().inNamespace(there).withName("there-settings").get())
            .as("nothing of b's on the first cluster")
            .isNull();
        assertThat(other.admin().configMaps().inNamespace(here).withName("here-settings").get())
            .isNull();
        wiring.awaitStartedRuns();
        assertThat(other.admin().batch().v1().jobs().inNamespace(there).list().getItems())
            .as("b's workflow ran its Job on b's cluster")
            .hasSize(1);
        assertThat(wiring.stores().runs().runs("workflow:v1:once:" + there, 1).get(0).state())
            .isEqualTo("succeeded");

        // each cluster's watch judges its own repository's objects: none looks missing elsewhere
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(
                () ->
                    wiring.stores().syncs().history(50).stream()
                        .noneMatch(sync -> sync.trigger().equals("drift")));

        // drift on the second cluster is seen and healed there; the first sees no drift
        other.admin().configMaps().inNamespace(there).withName("there-settings").delete();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(
                            other
                                .admin()
                                .configMaps()
                                .inNamespace(there)
                                .withName("there-settings")
                                .get())
                        .isNotNull());
        kube.admin()
            .configMaps()
            .inNamespace(here)
            .withName("here-settings")
            .edit(cm -> new ConfigMapBuilder(cm).addToData("value", "by hand").build());
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(value(kube, here, "here-settings")).isEqualTo("on the first"));
        assertThat(wiring.stores().resources().driftedCount()).isZero();
      } finally {
        agent.close();
        watch.close();
        kube.admin().namespaces().withName(here).delete();
      }
    }
  }

  @Test
  void anAgentWhoseRightsStopAtItsNamespaceStillWatchesAndHealsThere(Kube kube) throws Exception {
    String ns = kube.testNamespace();
    kube.createNamespace(ns);
    kube.allowRestricted(
        ns,
        "poros-in-namespace",
        Kube.rule("", "configmaps", "get", "list", "watch", "create", "patch", "delete"));
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring =
            new Wiring(tmp.resolve("data"), Clock.systemUTC())
                .kubernetes(new KubernetesSettings(kube.restrictedKubeconfig(), null, ns, true))) {
      repo.write("settings.yaml", configMap("settings", "from-git")).commit("one ConfigMap");
      Agent agent =
          new Agent(
              List.of(
                  new WatchedRepository(
                      "namespaced",
                      RepoSpec.of(repo.dir().toString(), null, ""),
                      Duration.ofHours(1),
                      "kubernetes",
                      true)),
              wiring::reconciler,
              Clock.systemUTC());
      var watch = wiring.watchCluster(agent);
      try {
        agent.start();
        var settings = kube.admin().configMaps().inNamespace(ns).withName("settings");
        // the judging after the sync done: only a watch can see what happens next
        await()
            .ignoreExceptions()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    agent.syncedEveryRepository()
                        && settings.get() != null
                        && wiring.stores().resources().get(SETTINGS).orElseThrow().health()
                            == Health.HEALTHY
                        && watch.settled());

        settings.delete();

        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(settings.get())
                        .as("the watch in the namespace saw it go, and it was applied again")
                        .isNotNull());
      } finally {
        agent.close();
        watch.close();
        kube.admin().namespaces().withName(ns).delete();
      }
    }
  }
}
