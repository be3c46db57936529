package dev.poros.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.poros.testing.AuditLog;
import dev.poros.testing.KubeCluster;
import dev.poros.testing.KubeCluster.Kube;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test suite's Kubernetes is the real thing: a kube-apiserver with server-side apply, CRDs,
 * RBAC and an audit log, controllers and a scheduler, and simulated nodes on which Deployments
 * become Available and Jobs Complete.
 */
@Tag("infra")
@ExtendWith(KubeCluster.class)
class KubeClusterIT {

  static ConfigMap configMap(String namespace, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("settings")
        .withNamespace(namespace)
        .endMetadata()
        .withData(Map.of("key", value))
        .build();
  }

  static ConfigMap apply(KubernetesClient client, ConfigMap map) {
    return client
        .configMaps()
        .resource(map)
        .fieldManager("poros")
        .forceConflicts()
        .serverSideApply();
  }

  @Test
  void theApiServerAnswersWithThePinnedVersionAndServerSideApplyCrdsAndRbacWork(Kube kube) {
    KubernetesClient admin = kube.admin();
    String ns = kube.namespace();

    assertThat(admin.getKubernetesVersion().getGitVersion())
        .isEqualTo(kube.version())
        .isEqualTo("v1.37.2");
    assertThat(admin.namespaces().withName(ns).get().getStatus().getPhase()).isEqualTo("Active");

    ConfigMap created = apply(admin, configMap(ns, "one"));
    assertThat(created.getMetadata().getManagedFields())
        .anyMatch(f -> f.getManager().equals("poros") && f.getOperation().equals("Apply"));
    ConfigMap again = apply(admin, configMap(ns, "one"));
    assertThat(again.getMetadata().getResourceVersion())
        .as("applying the same content again is no new version")
        .isEqualTo(created.getMetadata().getResourceVersion());

    CustomResourceDefinition crd =
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(
                new ByteArrayInputStream(
                    """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: pipelines.test.poros.dev}
                spec:
                  group: test.poros.dev
                  scope: Namespaced
                  names: {plural: pipelines, singular: pipeline, kind: Pipeline}
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              properties: {steps: {type: integer}}
                """
                        .getBytes(StandardCharsets.UTF_8)))
            .item();
    admin.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("pipelines.test.poros.dev")
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    // a status with no conditions yet: the API server has not judged the CRD
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> x.getType().equals("Established") && x.getStatus().equals("True")),
            30,
            TimeUnit.SECONDS);
    ResourceDefinitionContext pipelines =
        new ResourceDefinitionContext.Builder()
            .withGroup("test.poros.dev")
            .withVersion("v1")
            .withPlural("pipelines")
            .withKind("Pipeline")
            .withNamespaced(true)
            .build();
    GenericKubernetesResource pipeline = new GenericKubernetesResource();
    pipeline.setApiVersion("test.poros.dev/v1");
    pipeline.setKind("Pipeline");
    pipeline.setMetadata(new ObjectMetaBuilder().withName("p1").withNamespace(ns).build());
    pipeline.setAdditionalProperty("spec", Map.of("steps", 3));
    admin.genericKubernetesResources(pipelines).resource(pipeline).create();
    Integer steps =
        admin
            .genericKubernetesResources(pipelines)
            .inNamespace(ns)
            .withName("p1")
            .get()
            .get("spec", "steps");
    assertThat(steps).isEqualTo(3);

    KubernetesClient restricted = kube.restricted();
    assertThatThrownBy(() -> restricted.configMaps().inNamespace(ns).list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    kube.allowRestricted(ns, "read-config", Kube.rule("", "configmaps", "get", "list"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(restricted.configMaps().inNamespace(ns).list().getItems()).isNotEmpty());
    assertThatThrownBy(() -> restricted.secrets().inNamespace(ns).list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    assertThatThrownBy(() -> apply(restricted, configMap(ns, "two")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void aDeploymentBecomesAvailableAJobCompletesAndANamespaceDeletionCompletes(Kube kube) {
    KubernetesClient admin = kube.admin();
    String ns = kube.namespace();
    Deployment deployment =
        admin
            .apps()
            .deployments()
            .load(
                new ByteArrayInputStream(
                    """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx:1.27}]}
                """
                        .getBytes(StandardCharsets.UTF_8)))
            .item();
    Job job =
        admin
            .batch()
            .v1()
            .jobs()
            .load(
                new ByteArrayInputStream(
                    """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: once}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox:1.37}]
                """
                        .getBytes(StandardCharsets.UTF_8)))
            .item();
    admin.apps().deployments().inNamespace(ns).resource(deployment).create();
    admin.batch().v1().jobs().inNamespace(ns).resource(job).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("web")
                            .get()
                            .getStatus()
                            .getConditions())
                    .anyMatch(
                        c -> c.getType().equals("Available") && c.getStatus().equals("True")));
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("web")
                .get()
                .getStatus()
                .getAvailableReplicas())
        .isEqualTo(2);
    assertThat(admin.pods().inNamespace(ns).withLabel("app", "web").list().getItems())
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).startsWith("kwok-node-"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(ns)
                            .withName("once")
                            .get()
                            .getStatus()
                            .getConditions())
                    .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True")));

    String doomed = ns + "-gone";
    kube.createNamespace(doomed);
    admin.configMaps().inNamespace(doomed).resource(configMap(doomed, "x")).create();
    admin.namespaces().withName(doomed).delete();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> admin.namespaces().withName(doomed).get() == null);
  }

  @Test
  void theAuditLogCountsOneWriteForAServerSideApplyOfAChangeAndNoneForAGet(Kube kube) {
    KubernetesClient admin = kube.admin();
    String ns = kube.namespace();
    apply(admin, configMap(ns, "before"));
    AuditLog audit = kube.audit();

    long beforeChange = audit.mark();
    apply(admin, configMap(ns, "after"));
    List<AuditLog.Write> change = audit.writesSince(beforeChange, "admin");
    long beforeGet = audit.mark();
    admin.configMaps().inNamespace(ns).withName("settings").get();
    List<AuditLog.Write> get = audit.writesSince(beforeGet, "admin");

    assertThat(change)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.verb()).isEqualTo("patch");
              assertThat(w.resource()).isEqualTo("configmaps");
              assertThat(w.namespace()).isEqualTo(ns);
              assertThat(w.name()).isEqualTo("settings");
              assertThat(w.code()).isEqualTo(200);
            });
    assertThat(get).isEmpty();
  }
}
