package dev.poros.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.Cli;
import dev.poros.testing.Fixtures;
import dev.poros.testing.GitHttpServer;
import dev.poros.testing.KubeCluster;
import dev.poros.testing.KubeCluster.Kube;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart installs itself: {@code helm template}'s output, committed to a repository, is applied
 * by Poros's own Kubernetes executor to the real control plane, and the agent's Deployment becomes
 * Available on the simulated nodes. Then the chart's RBAC is shown enough and not more: with a
 * token of the chart's ServiceAccount (TokenRequest API), Poros syncs the example repository into
 * the namespaces the values list, and is refused (403) in one they do not.
 */
@Tag("infra")
@ExtendWith(KubeCluster.class)
class ChartInstallIT {
  @TempDir Path tmp;
  Kube kube;
  KubernetesClient admin;
  String release;
  String sales;
  String marketing;
  String unlisted;

  @BeforeEach
  void setUp(Kube kube) {
    this.kube = kube;
    this.admin = kube.admin();
    this.release = kube.testNamespace();
    this.sales = release + "-sales";
    this.marketing = release + "-marketing";
    this.unlisted = release + "-other";
    for (String namespace : List.of(release, sales, marketing, unlisted)) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    // no storage provisioner here: a volume made for the chart's claim, as an admin would
    admin
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(release + "-data")
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("2Gi")))
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("")
                .withNewHostPath()
                .withPath("/var/lib/poros-" + release)
                .endHostPath()
                .withNewClaimRef()
                .withNamespace(release)
                .withName("poros")
                .endClaimRef()
                .endSpec()
                .build())
        .create();
  }

  @AfterEach
  void tearDown() {
    for (String namespace : List.of(release, sales, marketing, unlisted)) {
      admin.namespaces().withName(namespace).delete();
    }
    admin.persistentVolumes().withName(release + "-data").delete();
  }

  @Test
  void theChartAppliedByPorosRunsTheAgentAndItsRbacIsEnoughAndNoMore() throws Exception {
    String manifests =
        render(
            Map.of(
                "rbac.namespaces[0]",
                sales,
                "rbac.namespaces[1]",
                marketing,
                "repositories[0].name",
                "platform",
                "repositories[0].url",
                "https://git.example.com/data/platform.git"));
    Poros installer = new Poros(tmp.resolve("installer"));
    try (TestRepo install = TestRepo.init(tmp.resolve("install"))) {
      install.write("poros/chart.yaml", manifests).commit("helm template charts/poros");
      Cli.Result installed = installer.sync(install, asAdmin());
      assertThat(installed.exitCode()).as(installed.all()).isZero();
      await("the agent's Deployment Available")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  available(
                      admin.apps().deployments().inNamespace(release).withName("poros").get()));
      assertThat(admin.persistentVolumeClaims().inNamespace(release).withName("poros").get())
          .extracting(claim -> claim.getStatus().getPhase())
          .isEqualTo("Bound");
    }

    Path token = tokenKubeconfig();
    Poros agent = new Poros(tmp.resolve("agent"));
    Cli.Result synced =
        agent.run(
            "sync",
            "--repo",
            exampleIn(tmp.resolve("example")).toString(),
            "--executor",
            "kubernetes",
            "--kubeconfig",
            token.toString(),
            "--kube-namespace",
            release,
            "-o",
            "json");
    assertThat(synced.exitCode()).as(synced.all()).isZero();
    assertThat(admin.apps().deployments().inNamespace(sales).withName("orders-api").get())
        .isNotNull();
    assertThat(admin.apps().deployments().inNamespace(marketing).withName("event-counter").get())
        .isNotNull();
    assertThat(admin.secrets().inNamespace(release).withName("lakehouse-rw").get()).isNotNull();

    try (KubernetesClient asAgent =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(token)))
            .build()) {
      assertThat(asAgent.configMaps().inNamespace(sales).list().getItems()).isNotNull();
      assertThatThrownBy(() -> asAgent.configMaps().inNamespace(unlisted).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> asAgent.namespaces().list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      // its own Lease, the guard against a second writer, and no other
      asAgent
          .leases()
          .inNamespace(release)
          .resource(new LeaseBuilder().withNewMetadata().withName("poros").endMetadata().build())
          .create();
      assertThat(asAgent.leases().inNamespace(release).withName("poros").get()).isNotNull();
      assertThatThrownBy(() -> asAgent.leases().inNamespace(release).withName("other").get())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
    Poros elsewhere = new Poros(tmp.resolve("elsewhere"));
    try (TestRepo depot = TestRepo.init(tmp.resolve("depot"))) {
      depot
          .write("lake.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
          .commit("a depot");
      Cli.Result refused =
          elsewhere.sync(
              depot,
              "--executor",
              "kubernetes",
              "--kubeconfig",
              token.toString(),
              "--kube-namespace",
              unlisted);
      assertThat(refused.exitCode()).as(refused.all()).isNotZero();
      assertThat(refused.all()).contains("depot:v1:lake").containsIgnoringCase("forbidden");
      assertThat(admin.configMaps().inNamespace(unlisted).withName("depot-lake").get()).isNull();
    }
  }

  String[] asAdmin() {
    return new String[] {
      "--executor",
      "kubernetes",
      "--kubeconfig",
      kube.kubeconfig().toString(),
      "--kube-namespace",
      release
    };
  }

  /**
   * What the chart gives the agent starts it: its rendered {@code poros.yaml} (defaults, a
   * repository served here), with the mounted Secrets' files where the test can write them, runs
   * {@code poros run --config} as the pod's entrypoint would, and it listens, takes its Lease,
   * syncs and guards its API with the token.
   */
  @Test
  void theChartsOwnConfigStartsTheAgent() throws Exception {
    try (TestRepo served = TestRepo.init(tmp.resolve("served/platform"))) {
      served
          .write("lake.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
          .commit("a depot");
      try (GitHttpServer git = GitHttpServer.serving(tmp.resolve("served"))) {
        int port = Fixtures.freePort();
        String manifests =
            render(
                Map.of(
                    "repositories[0].name",
                    "platform",
                    "repositories[0].url",
                    git.url("platform"),
                    "service.port",
                    port));
        String config =
            HelmChartTest.documents(manifests).stream()
                .filter(d -> d.path("kind").asString().equals("ConfigMap"))
                .findFirst()
                .orElseThrow()
                .at("/data/poros.yaml")
                .asString();
        Path secrets = tmp.resolve("secrets");
        Files.createDirectories(secrets.resolve("auth-token"));
        Files.writeString(secrets.resolve("auth-token/auth-token"), "chart-token\n");
        Path file =
            Files.writeString(
                tmp.resolve("poros.yaml"),
                config.replace("/etc/poros/secrets/", secrets.toString() + "/"));
        ProcessBuilder command =
            new ProcessBuilder(
                AgentProcess.command(
                    "run",
                    "--config",
                    file.toString(),
                    "--data-dir",
                    tmp.resolve("data").toString()));
        command.environment().put("KUBECONFIG", kube.kubeconfig().toString());
        command.environment().put("HOSTNAME", "poros-0");
        try (AgentProcess agent = AgentProcess.start(command, tmp.resolve("agent.log"))) {
          await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(() -> agent.get("/readyz").statusCode() == 200);
          assertThat(agent.get("/api/v1/resources").statusCode()).isEqualTo(401);
          HttpResponse<String> resources =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(agent.url("/api/v1/resources")))
                          .header("Authorization", "Bearer chart-token")
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
          assertThat(resources.statusCode()).isEqualTo(200);
          assertThat(resources.body()).contains("depot:v1:lake");
          assertThat(admin.configMaps().inNamespace(release).withName("depot-lake").get())
              .as(agent.output())
              .isNotNull();
          assertThat(
                  admin
                      .leases()
                      .inNamespace(release)
                      .withName("poros")
                      .get()
                      .getSpec()
                      .getHolderIdentity())
              .startsWith("poros-0_");
        }
      }
    }
  }

  static boolean available(Deployment deployment) {
    return deployment != null
        && deployment.getStatus() != null
        && deployment.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
  }

  String render(Map<String, Object> values) {
    TemplateCommand template =
        new Helm(Path.of("charts/poros")).template().withName("poros").withNamespace(release);
    values.forEach(template::set);
    return template.call();
  }

  /** A kubeconfig whose user is the chart's ServiceAccount, by a token the API server issues. */
  Path tokenKubeconfig() throws IOException {
    String token =
        admin
            .serviceAccounts()
            .inNamespace(release)
            .withName("poros")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    String restricted = Files.readString(kube.restrictedKubeconfig());
    return Files.writeString(
        tmp.resolve("poros-sa.kubeconfig"),
        restricted.replaceAll("(?m)^(\\s*token: ).*$", "$1" + token));
  }

  /** The example repository at {@code dir}, its two workspaces renamed to the listed namespaces. */
  Path exampleIn(Path dir) {
    Fixtures.example(
        dir,
        text ->
            text.replaceAll("(?m)^workspace: public$", "workspace: " + sales)
                .replaceAll("(?m)^workspace: analytics$", "workspace: " + marketing)
                .replace(":public\n", ":" + sales + "\n"));
    return dir;
  }
}
