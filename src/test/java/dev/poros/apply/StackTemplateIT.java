package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.testing.Cli;
import dev.poros.testing.KubeCluster;
import dev.poros.testing.KubeCluster.Kube;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A documented DataOS stack whose workflow jobs are a {@code resourceTemplate} (flare-sdk's
 * SparkApplication, from {@code conformance/dataos-docs/stack/}) on the real control plane: the
 * object is rendered and created for the node, and the stack's success and failure conditions are
 * judged on the live object, whose status the test sets as the Spark operator would.
 */
@Tag("infra")
@ExtendWith(KubeCluster.class)
class StackTemplateIT {
  static final ResourceDefinitionContext SPARK_APPLICATIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("sparkoperator.k8s.io")
          .withVersion("v1beta2")
          .withKind("SparkApplication")
          .withPlural("sparkapplications")
          .withNamespaced(true)
          .build();

  /** The operator's CRD, cut to what the API server needs to serve the kind. */
  static final String SPARK_CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: sparkapplications.sparkoperator.k8s.io
        annotations:
          # as the operator's own CRD carries it: a *.k8s.io group needs it
          api-approved.kubernetes.io: https://github.com/kubeflow/spark-operator/pull/1298
      spec:
        group: sparkoperator.k8s.io
        scope: Namespaced
        names: {plural: sparkapplications, singular: sparkapplication, kind: SparkApplication}
        versions:
          - name: v1beta2
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  status: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;

  @TempDir Path tmp;
  TestRepo repo;
  Poros poros;
  Kube kube;
  String ns;
  KubernetesClient admin;

  @BeforeAll
  static void sparkOperatorsCrd(Kube kube) {
    kube.admin().resource(SPARK_CRD).serverSideApply();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                kube
                    .admin()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("sparkapplications.sparkoperator.k8s.io")
                    .get()
                    .getStatus()
                    .getConditions()
                    .stream()
                    .anyMatch(c -> c.getType().equals("Established")));
  }

  @BeforeEach
  void setUp(Kube kube) {
    this.kube = kube;
    this.admin = kube.admin();
    this.repo = TestRepo.init(tmp.resolve("repo"));
    this.poros = new Poros(tmp.resolve("data"));
    this.ns = kube.testNamespace();
  }

  void commitSparkWorkflow() {
    repo.copy(
            "conformance/dataos-docs/stack/flare-sdk-v1-workflow-resource-template.yaml",
            "stack.yaml")
        .write(
            "spark-pi.yaml",
            """
            name: spark-pi
            version: v1
            type: workflow
            workspace: %s
            workflow:
              dag:
                - name: pi
                  spec:
                    stack: flare-sdk+java:1.0
                    stackSpec:
                      image: apache/spark:3.5.0
                      jarFile: local:///opt/spark/examples/jars/spark-examples.jar
                      mainClass: org.apache.spark.examples.SparkPi
                      driver: {coreLimit: 1200m, cores: 1, memory: 512m}
                      executor: {coreLimit: 1200m, cores: 1, instances: 2, memory: 512m}
                      inputs: ["dataos://lakehouse:retail/city"]
                      outputs: ["dataos://lakehouse:retail/pi"]
                - name: report
                  dependencies: [pi]
                  spec: {stack: shell, command: [sh, -c, 'echo reported']}
            """
                .formatted(ns))
        .commit("a Spark job on the flare-sdk stack, then a report");
  }

  @AfterEach
  void tearDown() {
    repo.close();
    admin.namespaces().withName(ns).delete();
  }

  CompletableFuture<Cli.Result> syncInBackground(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sync",
                "--repo",
                repo.dir().toString(),
                "--executor",
                "kubernetes",
                "--kubeconfig",
                kube.kubeconfig().toString()));
    args.addAll(List.of(extra));
    return CompletableFuture.supplyAsync(() -> poros.run(args.toArray(String[]::new)));
  }

  Cli.Result syncNow(String... extra) {
    return syncInBackground(extra).join();
  }

  GenericKubernetesResource awaitSparkApplication() {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin
                    .genericKubernetesResources(SPARK_APPLICATIONS)
                    .inNamespace(ns)
                    .list()
                    .getItems(),
            items -> items.size() == 1)
        .get(0);
  }

  /** Sets the object's status through its status subresource, as the Spark operator does. */
  void operatorReports(GenericKubernetesResource app, Map<String, Object> status) {
    admin
        .genericKubernetesResources(SPARK_APPLICATIONS)
        .inNamespace(ns)
        .withName(app.getMetadata().getName())
        .editStatus(
            live -> {
              live.setAdditionalProperty("status", status);
              return live;
            });
  }

  List<String> nodeStates() {
    var stores = poros.stores();
    try {
      var run = stores.runs().runs("workflow:v1:spark-pi:" + ns, 1).get(0);
      return stores.runs().nodes(run.id()).stream().map(n -> n.node() + "=" + n.state()).toList();
    } finally {
      stores.db().close();
    }
  }

  @Test
  void theRenderedSparkApplicationRunsTheNodeUntilItsSuccessConditionHoldsOnTheLiveObject()
      throws Exception {
    commitSparkWorkflow();
    CompletableFuture<Cli.Result> sync = syncInBackground();

    GenericKubernetesResource app = awaitSparkApplication();
    assertThat(app.getMetadata().getName())
        .as("the stack's name, with the run's time where Argo would put it")
        .matches("pi-[0-9a-f]{6}-\\d{10}");
    assertThat(app.getMetadata().getLabels())
        .containsEntry("app", "pi")
        .containsEntry("poros.dev/workflow", "spark-pi")
        .containsEntry("poros.dev/node", "pi");
    Map<String, Object> spec = app.get("spec");
    assertThat(spec)
        .containsEntry("image", "apache/spark:3.5.0")
        .containsEntry("mainClass", "org.apache.spark.examples.SparkPi")
        .containsEntry("mode", "cluster");
    assertThat(app.<Integer>get("spec", "executor", "instances")).isEqualTo(2);
    assertThat(app.<List<Map<String, Object>>>get("spec", "driver", "env"))
        .contains(
            Map.of("name", "RUNNABLE_WORKFLOW_NAME", "value", "spark-pi"),
            Map.of("name", "RUNNABLE_NAME", "value", "pi"),
            Map.of("name", "NAMESPACE", "value", ns));
    TimeUnit.SECONDS.sleep(2);
    assertThat(sync).as("running until the operator reports").isNotDone();

    operatorReports(app, Map.of("jobStatus", Map.of("state", "FINISHED")));
    TimeUnit.SECONDS.sleep(1);
    assertThat(sync).as("a half-met success condition is not success").isNotDone();
    operatorReports(
        app, Map.of("jobStatus", Map.of("state", "FINISHED"), "lifecycleState", "STABLE"));

    Cli.Result result = sync.get(60, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.err()).contains("succeeded 2/2");
    assertThat(nodeStates()).contains("pi=succeeded", "report=succeeded");
    Cli.Result logs = poros.run("logs", "workflow:v1:spark-pi:" + ns, "--node", "pi");
    assertThat(logs.out())
        .as(logs.all())
        .contains(
            "created SparkApplication " + ns + "/" + app.getMetadata().getName(),
            "success condition 'status.jobStatus.state == FINISHED,status.lifecycleState =="
                + " STABLE' holds",
            "lifecycleState: STABLE");
  }

  @Test
  void itsFailureConditionOnTheLiveObjectFailsTheNodeAndSkipsItsDependents() throws Exception {
    commitSparkWorkflow();
    CompletableFuture<Cli.Result> sync = syncInBackground();

    GenericKubernetesResource app = awaitSparkApplication();
    operatorReports(app, Map.of("jobManagerDeploymentStatus", "ERROR"));

    Cli.Result result = sync.get(60, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(nodeStates()).contains("pi=failed", "report=skipped");
    Cli.Result logs = poros.run("logs", "workflow:v1:spark-pi:" + ns, "--node", "pi");
    assertThat(logs.out())
        .contains(
            "failure condition 'status.jobManagerDeploymentStatus == ERROR' holds on"
                + " SparkApplication "
                + ns
                + "/"
                + app.getMetadata().getName());
  }

  @Test
  void aServiceOnAStackWithAContainerTemplateRunsTheTemplatesContainersWithItsEnvironment() {
    repo.copy(
            "conformance/dataos-docs/stack/python-3-12-service-container-template.yaml",
            "python-stack.yaml")
        .write(
            "token.yaml",
            "name: api-token\nversion: v1\nworkspace: %s\ntype: secret\nsecret:\n".formatted(ns)
                + "  type: key-value-properties\n  acl: r\n  data: {API_TOKEN: t0ken-value}\n")
        .write(
            "calc.yaml",
            """
            name: calc
            version: v1
            type: service
            workspace: %s
            service:
              servicePort: 8050
              replicas: 2
              stack: python3:1.0
              secrets: [api-token]
              envs: {GREETING: hello}
              stackSpec:
                repo: {url: "https://git.example/calc", baseDir: app, syncFlags: ["--ref=main"]}
            """
                .formatted(ns))
        .commit("a python service on the documented python3 stack");

    // the documented stack's git-sync init container is unpinned: the shipped policy, checking the
    // Deployment the service becomes, refuses it until that policy is set aside
    Cli.Result refused = syncNow();
    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
    assertThat(refused.all())
        .contains(
            "calc.yaml:1: policy images-are-pinned: Deployment calc: containers without a pinned"
                + " image")
        .contains("released-images/git-sync:latest");
    assertThat(admin.apps().deployments().inNamespace(ns).withName("calc").get()).isNull();

    Cli.Result sync = syncNow("--policy-disable", "images-are-pinned");

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    var deployment = admin.apps().deployments().inNamespace(ns).withName("calc").get();
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers())
        .singleElement()
        .satisfies(
            init -> {
              assertThat(init.getName()).matches("calc-[0-9a-f]{6}-ic");
              assertThat(init.getArgs()).contains("--repo=https://git.example/calc", "--ref=main");
            });
    var main = pod.getContainers().get(0);
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(main.getName()).matches("calc-[0-9a-f]{6}-main");
    assertThat(main.getImage()).isEqualTo("docker.io/library/python:3.12-slim-bullseye");
    assertThat(main.getArgs()).containsExactly("python3", "main.py");
    String environment = main.getEnvFrom().get(0).getSecretRef().getName();
    assertThat(environment).matches("calc-service-[0-9a-f]{6}-env");
    assertThat(admin.secrets().inNamespace(ns).withName(environment).get().getData())
        .as("the Secret the template names exists and holds the environment")
        .containsKeys("API_TOKEN", "GREETING", "PORT");
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getName()).isEqualTo("workdir"))
        .allSatisfy(
            v -> {
              if (v.getName().equals("workdir")) {
                assertThat(v.getEmptyDir()).isNotNull();
              }
              if (v.getName().equals("dataos-config-mount")) {
                assertThat(v.getConfigMap().getOptional()).isTrue();
              }
            });
    assertThat(main.getEnv())
        .as("no secret value written into the Deployment")
        .noneMatch(e -> "t0ken-value".equals(e.getValue()));
    kube.awaitAvailable(ns, "calc", 2);
    assertThat(admin.services().inNamespace(ns).withName("calc").get().getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(8050);
  }

  @Test
  void aWorkerOnAStackWithAResourceTemplateBecomesTheObjectsItRendersPrunedWithIt() {
    repo.write(
            "mesh-stack.yaml",
            """
            name: mesh-v1
            version: v1alpha
            type: stack
            layer: user
            stack:
              name: mesh
              version: "1.0"
              workerConfig:
                resourceTemplate: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: {{ .Name }}-topics
                  data:
                    topics: {{ .ApplicationSpec.StackSpec.topics | join "," | quote }}
                  ---
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: {{ .Name }}{{ .Stamp }}
                  spec:
                    selector: {matchLabels: {app: {{ .Name }}}}
                    template:
                      metadata: {labels: {app: {{ .Name }}}}
                      spec:
                        containers: [{name: sink, image: {{ .ApplicationSpec.StackSpec.image }}}]
            """)
        .write(
            "sink.yaml",
            """
            name: sink
            version: v1
            type: worker
            workspace: %s
            worker:
              stack: mesh:1.0
              stackSpec: {image: "example/sink:2", topics: [orders, refunds]}
            """
                .formatted(ns))
        .commit("a worker whose stack renders its objects");

    Cli.Result sync = syncNow();

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    var topics = admin.configMaps().inNamespace(ns).withName("sink-topics").get();
    assertThat(topics.getData()).containsEntry("topics", "orders,refunds");
    assertThat(topics.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "poros");
    var deployments = admin.apps().deployments().inNamespace(ns).list().getItems();
    assertThat(deployments)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getMetadata().getName()).matches("sink-[0-9a-f]{6}");
              assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                  .isEqualTo("example/sink:2");
            });
    assertThat(admin.apps().deployments().inNamespace(ns).withName("sink").get())
        .as("the stack's objects instead of Poros's own Deployment")
        .isNull();

    repo.delete("sink.yaml").commit("the worker goes");
    Cli.Result removal = syncNow();

    assertThat(removal.exitCode()).as(removal.all()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(admin.configMaps().inNamespace(ns).withName("sink-topics").get()).isNull();
              assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            });
  }
}
