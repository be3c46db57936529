package dev.poros.apply;

import static dev.poros.testing.SyncReport.changedSteps;
import static dev.poros.testing.SyncReport.stepOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.store.RunStore;
import dev.poros.testing.AuditLog;
import dev.poros.testing.Cli;
import dev.poros.testing.KubeCluster;
import dev.poros.testing.KubeCluster.Kube;
import dev.poros.testing.Poros;
import dev.poros.testing.SyncReport;
import dev.poros.testing.TcpProxy;
import dev.poros.testing.TestRepo;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes executor on the real control plane: apply, prune, cost, errors, RBAC. */
@Tag("infra")
@ExtendWith(KubeCluster.class)
class KubernetesExecutorIT {
  @TempDir Path tmp;
  TestRepo repo;
  Poros poros;
  Kube kube;
  String ns;
  KubernetesClient admin;

  @BeforeEach
  void setUp(Kube kube) {
    this.kube = kube;
    this.admin = kube.admin();
    this.repo = TestRepo.init(tmp.resolve("repo"));
    this.poros = new Poros(tmp.resolve("data"));
    this.ns = kube.testNamespace();
  }

  @AfterEach
  void tearDown() {
    repo.close();
    admin.namespaces().withName(ns).delete();
  }

  Cli.Result sync(Path kubeconfig, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sync",
                "--repo",
                repo.dir().toString(),
                "--executor",
                "kubernetes",
                "--kubeconfig",
                kubeconfig.toString(),
                "--kube-namespace",
                ns,
                "-o",
                "json"));
    args.addAll(List.of(extra));
    return poros.run(args.toArray(String[]::new));
  }

  Cli.Result sync() {
    return sync(kube.kubeconfig());
  }

  static String configMap(String name, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + "\ndata:\n  value: '"
        + value
        + "'\n";
  }

  /** The step of {@code id} in a sync's report failed, and its message says {@code words}. */
  static void assertFailed(Map<String, Object> report, String id, String... words) {
    assertThat(stepOf(report, id))
        .containsEntry("action", "failed")
        .extractingByKey("message")
        .asString()
        .contains(words);
  }

  ConfigMap liveConfigMap(String name) {
    return admin.configMaps().inNamespace(ns).withName(name).get();
  }

  static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: %s.exec.poros.dev}
      spec:
        group: exec.poros.dev
        scope: Namespaced
        names: {plural: %s, singular: %s, kind: %s}
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
      """;

  @Test
  void oneCommitOfANamespaceAConfigMapADeploymentACrdAndACustomResourceAppliesInOrder() {
    String kind = "Widget" + Long.toString(System.nanoTime() % 100000, 36);
    String plural = kind.toLowerCase() + "s";
    repo.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n")
        .write("cm.yaml", configMap("settings", "one"))
        .write(
            "deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                + "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                + "    spec: {containers: [{name: web, image: nginx:1.27}]}\n")
        .write("crd.yaml", CRD.formatted(plural, plural, kind.toLowerCase(), kind))
        .write(
            "cr.yaml",
            "apiVersion: exec.poros.dev/v1\nkind: "
                + kind
                + "\nmetadata: {name: w1}\nspec: {steps: 3}\n");
    String commit = repo.commit("one of each");

    Cli.Result sync = sync();

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    List<String> order =
        SyncReport.steps(Poros.json(sync)).stream().map(s -> (String) s.get("id")).toList();
    assertThat(order.indexOf("/Namespace::" + ns))
        .isLessThan(order.indexOf("/ConfigMap::settings"));
    assertThat(
            order.indexOf(
                "apiextensions.k8s.io/CustomResourceDefinition::" + plural + ".exec.poros.dev"))
        .isLessThan(order.indexOf("exec.poros.dev/" + kind + "::w1"));
    ConfigMap settings = liveConfigMap("settings");
    assertThat(settings.getData()).containsEntry("value", "one");
    assertThat(settings.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "poros")
        .hasEntrySatisfying(
            "poros.dev/resource",
            v -> assertThat(v).matches("ConfigMap\\.\\.settings-[0-9a-f]{10}"));
    assertThat(settings.getMetadata().getAnnotations())
        .containsEntry("poros.dev/resource-id", "/ConfigMap::settings")
        .containsEntry("poros.dev/commit", commit);
    assertThat(settings.getMetadata().getManagedFields())
        .anyMatch(f -> f.getManager().equals("poros"));
    GenericKubernetesResource widget =
        admin
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup("exec.poros.dev")
                    .withVersion("v1")
                    .withKind(kind)
                    .withPlural(plural)
                    .withNamespaced(true)
                    .build())
            .inNamespace(ns)
            .withName("w1")
            .get();
    assertThat(widget).isNotNull();
    kube.awaitAvailable(ns, "web", 2);
    assertThat(poros.resource("/ConfigMap::settings"))
        .containsEntry("executor", "kubernetes")
        .containsEntry("health", "Healthy");
  }

  @Test
  void aChangeAnAdmissionPolicyDeniesLeavesTheLiveObjectExactlyAsItWas() {
    String deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n"
            + "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
            + "    spec: {containers: [{name: web, image: '%s'}]}\n";
    repo.write("deploy.yaml", deployment.formatted("nginx:1.27")).commit("pinned");
    Cli.Result first = sync();
    assertThat(first.exitCode()).as(first.all()).isZero();
    Long generation =
        admin
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("web")
            .get()
            .getMetadata()
            .getGeneration();

    repo.write("deploy.yaml", deployment.formatted("nginx:latest")).commit("latest");
    Cli.Result denied = sync();

    assertThat(denied.exitCode()).as(denied.all()).isEqualTo(1);
    assertThat(denied.all())
        .contains(
            "deploy.yaml:1: policy images-are-pinned: containers without a pinned image (a tag"
                + " other than latest, or a digest): web (nginx:latest)");
    var live = admin.apps().deployments().inNamespace(ns).withName("web").get();
    assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:1.27");
    assertThat(live.getMetadata().getGeneration())
        .as("its spec not written at all")
        .isEqualTo(generation);
  }

  @Test
  void aServiceAWorkerASecretAndADepotBecomeTheDocumentedObjects() {
    String header = "version: v1\nworkspace: " + ns + "\n";
    repo.write(
            "compute.yaml",
            "name: kwok-pool\nversion: v1\ntype: compute\ncompute:\n  purpose: runnable\n  nodePool:\n"
                + "    nodeSelector: {type: kwok}\n"
                + "    tolerations: [{key: dedicated, operator: Equal, value: runnable, effect: NoSchedule}]\n")
        .write(
            "secret.yaml",
            "name: api-token\n"
                + header
                + "type: secret\nsecret:\n  type: key-value-properties\n  acl: r\n"
                + "  data: {token: s3cr3t-value}\n")
        .write(
            "depot.yaml",
            "name: lake\nversion: v1\ntype: depot\ndepot:\n  type: file\n  spec: {path: /tmp/lake}\n")
        .write(
            "service.yaml",
            "name: api\n"
                + header
                + "type: service\nservice:\n  compute: kwok-pool\n  replicas: 2\n"
                + "  servicePort: 8080\n  stack: shell\n  command: [sh, -c, 'echo serving']\n"
                + "  env: {GREETING: hello}\n  secrets: [api-token]\n"
                + "  healthCheck: {httpGet: {path: /, port: 8080}}\n")
        .write(
            "worker.yaml",
            "name: counter\n"
                + header
                + "type: worker\nworker:\n  compute: kwok-pool\n  replicas: 1\n"
                + "  stack: shell\n  command: [sh, -c, 'sleep 1000']\n")
        .commit("a service, a worker, a secret, a depot");

    Cli.Result sync = sync();

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    var api = admin.apps().deployments().inNamespace(ns).withName("api").get();
    assertThat(api.getSpec().getReplicas()).isEqualTo(2);
    var pod = api.getSpec().getTemplate().getSpec();
    var main = pod.getContainers().get(0);
    assertThat(main.getImage()).isEqualTo("busybox:1.37");
    assertThat(main.getCommand()).containsExactly("sh", "-c", "echo serving");
    assertThat(main.getEnvFrom())
        .singleElement()
        .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("api-env"));
    assertThat(main.getEnv()).isNullOrEmpty();
    assertThat(main.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(main.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/");
    assertThat(pod.getNodeSelector()).containsEntry("type", "kwok");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(api.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("poros.dev/content-digest");
    assertThat(admin.getKubernetesSerialization().asJson(api)).doesNotContain("s3cr3t-value");
    var env = admin.secrets().inNamespace(ns).withName("api-env").get().getData();
    Map<String, String> decoded = new TreeMap<>();
    env.forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v))));
    assertThat(decoded)
        .containsEntry("GREETING", "hello")
        .containsEntry("PORT", "8080")
        .containsValue("s3cr3t-value");
    var service = admin.services().inNamespace(ns).withName("api").get();
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
    assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "api");
    assertThat(admin.apps().deployments().inNamespace(ns).withName("counter").get()).isNotNull();
    assertThat(admin.services().inNamespace(ns).withName("counter").get())
        .as("a worker has no Service")
        .isNull();
    var token = admin.secrets().inNamespace(ns).withName("api-token").get();
    assertThat(token.getType()).isEqualTo("Opaque");
    assertThat(new String(Base64.getDecoder().decode(token.getData().get("token"))))
        .isEqualTo("s3cr3t-value");
    assertThat(liveConfigMap("depot-lake").getData().get("depot.yaml")).contains("path: /tmp/lake");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .pods()
                            .inNamespace(ns)
                            .withLabel("app.kubernetes.io/name", "api")
                            .list()
                            .getItems())
                    .hasSize(2)
                    .allSatisfy(
                        p -> assertThat(p.getSpec().getNodeName()).startsWith("kwok-node-")));
    // dataos-ctl get runtime of a service: its pods, as the cluster has them
    Cli.Result runtime =
        poros.run(
            "get", "runtime", "service:v1:api:" + ns, "--kubeconfig", kube.kubeconfig().toString());
    assertThat(runtime.out())
        .as(runtime.all())
        .startsWith("service:v1:api:" + ns + "  RUNTIME")
        .containsPattern("POD +PHASE +READY +RESTARTS +NODE")
        .containsPattern("\\n +api-[-a-z0-9]+ +(Running|Pending) +\\d/1 +\\d+ +kwok-node-");
    assertThat(runtime.out().lines().filter(l -> l.trim().startsWith("api-"))).hasSize(2);
  }

  @Test
  void aWorkflowsNodesRunAsJobsInDependencyOrderAndItsRunIsRecorded() throws Exception {
    String step =
        "      spec: {stack: shell, command: [sh, -c, 'echo %s'], secrets: [pipeline-token]}\n";
    // what the simulated containers print now includes the secret's value: it must come out masked
    Files.writeString(
        kube.podLog(),
        Instant.now() + " stdout F token is s3cr3t-in-a-pod-log\n",
        StandardOpenOption.APPEND);
    repo.write(
            "token.yaml",
            "name: pipeline-token\nversion: v1\nworkspace: "
                + ns
                + "\ntype: secret\nsecret:\n  type: key-value-properties\n  acl: r\n"
                + "  data: {token: s3cr3t-in-a-pod-log}\n")
        .write(
            "pipeline.yaml",
            "name: pipeline\nversion: v1\nworkspace: "
                + ns
                + "\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: extract\n"
                + step.formatted("extract")
                + "    - name: transform\n      dependencies: [extract]\n"
                + step.formatted("transform")
                + "    - name: load\n      dependencies: [transform]\n"
                + step.formatted("load"))
        .commit("a three-node DAG");

    Cli.Result sync = sync();

    assertThat(sync.exitCode()).as(sync.all()).isZero();
    assertThat(sync.err()).contains("succeeded 3/3");
    List<Job> jobs = admin.batch().v1().jobs().inNamespace(ns).list().getItems();
    assertThat(jobs).hasSize(3);
    Map<String, Job> byNode = new HashMap<>();
    jobs.forEach(j -> byNode.put(j.getMetadata().getLabels().get("poros.dev/node"), j));
    assertThat(byNode).containsOnlyKeys("extract", "transform", "load");
    assertThat(byNode.values())
        .allSatisfy(
            j -> {
              assertThat(j.getSpec().getBackoffLimit()).isZero();
              assertThat(j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                  .isEqualTo("busybox:1.37");
            });
    assertThat(byNode.get("transform").getMetadata().getCreationTimestamp())
        .as("transform starts once extract completed")
        .isGreaterThanOrEqualTo(byNode.get("extract").getStatus().getCompletionTime());
    assertThat(byNode.get("load").getMetadata().getCreationTimestamp())
        .isGreaterThanOrEqualTo(byNode.get("transform").getStatus().getCompletionTime());
    var stores = poros.stores();
    try {
      var run = stores.runs().runs("workflow:v1:pipeline:" + ns, 1).get(0);
      assertThat(run.state()).isEqualTo("succeeded");
      assertThat(stores.runs().nodes(run.id()))
          .extracting(n -> n.node() + "=" + n.state())
          .contains("extract=succeeded", "transform=succeeded", "load=succeeded");
    } finally {
      stores.db().close();
    }
    // the node's output came from the cluster's pod log API (what kwok's containers print)
    Cli.Result logs = poros.run("logs", "workflow:v1:pipeline:" + ns, "--node", "transform");
    assertThat(logs.out())
        .as(logs.all())
        .contains("hello from a simulated node", "token is ***")
        .doesNotContain("s3cr3t-in-a-pod-log");
  }

  @Test
  void runtimeStopEndsARunWhoseJobIsOnTheClusterAndTheJobGoes() throws Exception {
    String key = "workflow:v1:held:" + ns;
    repo.write(
            "nowhere.yaml",
            "name: nowhere\nversion: v1\ntype: compute\ncompute:\n  purpose: runnable\n"
                + "  nodePool:\n    nodeSelector: {type: no-such-nodes}\n")
        .write(
            "held.yaml",
            "name: held\nversion: v1\nworkspace: "
                + ns
                + "\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: waits\n"
                + "      spec: {stack: shell, compute: nowhere, timeout: 10m, command: [sh, -c, 'echo never']}\n")
        .commit("a node no node takes: its Job waits");
    CompletableFuture<Cli.Result> syncing = CompletableFuture.supplyAsync(this::sync);
    await().atMost(Duration.ofSeconds(60)).until(() -> !jobsOf("waits").isEmpty());

    Cli.Result stop = poros.run("runtime", "stop", key);

    assertThat(stop.exitCode()).as(stop.all()).isZero();
    assertThat(stop.out()).endsWith("failed: " + RunStore.STOPPED + "\n");
    assertThat(syncing.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf("waits").isEmpty());
  }

  /** The Jobs of the workflow node {@code node} in the test's namespace. */
  List<Job> jobsOf(String node) {
    return admin
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withLabel("poros.dev/node", node)
        .list()
        .getItems();
  }

  @Test
  void aNodeWhoseJobFailsFailsTheRunAndItsDependentsAreSkipped() throws Exception {
    repo.write(
            "nowhere.yaml",
            "name: nowhere\nversion: v1\ntype: compute\ncompute:\n  purpose: runnable\n"
                + "  nodePool:\n    nodeSelector: {type: no-such-nodes}\n")
        .write(
            "stuck.yaml",
            "name: stuck\nversion: v1\nworkspace: "
                + ns
                + "\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: first\n      spec: {stack: shell, command: [sh, -c, 'echo first']}\n"
                + "    - name: unplaceable\n      dependencies: [first]\n"
                + "      spec: {stack: shell, compute: nowhere, timeout: 3s, command: [sh, -c, 'echo never']}\n"
                + "    - name: after\n      dependencies: [unplaceable]\n"
                + "      spec: {stack: shell, command: [sh, -c, 'echo after']}\n")
        .commit("a node no node can take, with a 3 s timeout");

    Cli.Result sync = sync();

    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
    assertThat(sync.err()).contains("failed 1/3");
    var stuck = jobsOf("unplaceable");
    assertThat(stuck)
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.getSpec().getTemplate().getSpec().getNodeSelector())
                  .containsEntry("type", "no-such-nodes");
              assertThat(j.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Failed"));
            });
    assertThat(
            admin
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withLabel("poros.dev/node", "after")
                .list()
                .getItems())
        .as("a dependent of a failed node never starts")
        .isEmpty();
    var stores = poros.stores();
    try {
      var run = stores.runs().runs("workflow:v1:stuck:" + ns, 1).get(0);
      assertThat(run.state()).isEqualTo("failed");
      assertThat(stores.runs().nodes(run.id()))
          .extracting(n -> n.node() + "=" + n.state())
          .contains("first=succeeded", "unplaceable=failed", "after=skipped");
    } finally {
      stores.db().close();
    }
  }

  @Test
  void gitRevertBringsTheClusterBackDeletedObjectRestoredAddedOnePrunedChangedOneReset() {
    repo.write("a.yaml", configMap("a", "1")).write("b.yaml", configMap("b", "1")).commit("A");
    assertThat(sync().exitCode()).isZero();
    String b =
        repo.write("a.yaml", configMap("a", "2"))
            .delete("b.yaml")
            .write("c.yaml", configMap("c", "1"))
            .commit("B");
    Cli.Result forward = sync();
    assertThat(forward.exitCode()).as(forward.all()).isZero();
    assertThat(liveConfigMap("a").getData()).containsEntry("value", "2");
    assertThat(liveConfigMap("b")).isNull();
    assertThat(liveConfigMap("c")).isNotNull();

    repo.revert(b);
    Cli.Result back = sync();

    assertThat(back.exitCode()).as(back.all()).isZero();
    assertThat(liveConfigMap("a").getData()).containsEntry("value", "1");
    assertThat(liveConfigMap("b")).isNotNull();
    assertThat(liveConfigMap("c")).isNull();
  }

  @Test
  void pruneDisabledKeepsAnObjectAndAForbiddenDeleteIsRetriedUntilItSucceeds() {
    repo.write(
            "kept.yaml",
            configMap("kept", "1")
                .replace("metadata:\n", "metadata:\n  annotations: {poros.dev/prune: disabled}\n"))
        .write("doomed.yaml", configMap("doomed", "1"))
        .commit("two");
    assertThat(sync().exitCode()).isZero();
    // the restricted user may read and apply ConfigMaps here, not delete them
    kube.allowRestricted(
        ns,
        "apply-only",
        Kube.rule("", "configmaps", "get", "list", "watch", "create", "patch", "update"),
        Kube.rule("", "namespaces", "get"));
    repo.delete("kept.yaml")
        .delete("doomed.yaml")
        .write("other.yaml", configMap("other", "1"))
        .commit("both removed");

    Cli.Result forbidden = sync(kube.restrictedKubeconfig());

    assertThat(forbidden.exitCode()).as(forbidden.all()).isEqualTo(1);
    assertFailed(Poros.json(forbidden), "/ConfigMap::doomed", "forbidden (403)");
    assertThat(liveConfigMap("doomed")).isNotNull();
    assertThat(liveConfigMap("kept")).isNotNull();
    assertThat(poros.resource("/ConfigMap::doomed")).containsEntry("status", "error");

    Cli.Result allowed = sync();

    assertThat(allowed.exitCode()).as(allowed.all()).isZero();
    assertThat(changedSteps(Poros.json(allowed))).containsEntry("/ConfigMap::doomed", "deleted");
    assertThat(liveConfigMap("doomed")).isNull();
    assertThat(liveConfigMap("kept")).as("prune disabled").isNotNull();
    assertThat(poros.resource("/ConfigMap::kept")).containsEntry("status", "deleted");
  }

  @Test
  void aOneObjectChangeInAThousandObjectRepositoryIsOneWriteAndTheSameCommitNone() {
    for (int i = 0; i < 1000; i++) {
      repo.write("m" + (i % 10) + "/c" + i + ".yaml", configMap("c" + i, "v"));
    }
    repo.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n")
        .commit("1,000 objects");
    Cli.Result cold = sync();
    assertThat(cold.exitCode()).as(cold.err()).isZero();
    AuditLog audit = kube.audit();

    long sameCommit = audit.mark();
    assertThat(sync().exitCode()).isZero();
    List<AuditLog.Write> noop = audit.writesSince(sameCommit, "admin");
    repo.write("m7/c7.yaml", configMap("c7", "changed")).commit("one object changed");
    long oneChange = audit.mark();
    Cli.Result change = sync();
    List<AuditLog.Write> one = audit.writesSince(oneChange, "admin");

    assertThat(change.exitCode()).as(change.err()).isZero();
    assertThat(noop).isEmpty();
    assertThat(one)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.verb()).isEqualTo("patch");
              assertThat(w.name()).isEqualTo("c7");
            });
    assertThat(liveConfigMap("c7").getData()).containsEntry("value", "changed");
  }

  @Test
  void anInvalidObjectAndACustomResourceBreakingItsSchemaFailOnlyThemselvesWithTheServersMessage() {
    String kind = "Gadget" + Long.toString(System.nanoTime() % 100000, 36);
    String plural = kind.toLowerCase() + "s";
    repo.write("crd.yaml", CRD.formatted(plural, plural, kind.toLowerCase(), kind))
        .write(
            "bad-cr.yaml",
            "apiVersion: exec.poros.dev/v1\nkind: "
                + kind
                + "\nmetadata: {name: g1}\nspec: {steps: three}\n")
        .write(
            "bad.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Not_A_Name}\ndata: {a: b}\n")
        .write("good.yaml", configMap("good", "1"))
        .commit("two invalid objects beside good ones");

    Cli.Result sync = sync();

    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
    Map<String, Object> report = Poros.json(sync);
    assertFailed(report, "/ConfigMap::Not_A_Name", "invalid (422)", "Not_A_Name");
    assertFailed(
        report, "exec.poros.dev/" + kind + "::g1", "(500)", "failed to create typed patch object");
    assertThat(stepOf(report, "/ConfigMap::good")).containsEntry("action", "created");
    assertThat(liveConfigMap("good")).isNotNull();
  }

  @Test
  void withTheRestrictedUserAForbiddenNamespaceFailsWithA403AndTheRestApplies() {
    kube.createNamespace(ns);
    kube.allowRestricted(ns, "cm", Kube.rule("", "configmaps", "get", "list", "create", "patch"));
    repo.write("allowed.yaml", configMap("allowed", "1"))
        .write(
            "forbidden.yaml",
            configMap("forbidden", "1")
                .replace("metadata:\n", "metadata:\n  namespace: kube-system\n"))
        .commit("one allowed, one forbidden");

    Cli.Result sync = sync(kube.restrictedKubeconfig());

    assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
    Map<String, Object> report = Poros.json(sync);
    assertFailed(report, "/ConfigMap:kube-system:forbidden", "forbidden (403)", "kube-system");
    assertThat(stepOf(report, "/ConfigMap::allowed")).containsEntry("action", "created");
    assertThat(liveConfigMap("allowed")).isNotNull();
  }

  @Test
  void anImmutableFieldChangeFailsUnlessTheResourceAsksToBeRecreated() {
    String job =
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\n%s"
            + "spec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n"
            + "      containers: [{name: c, image: 'busybox:%s'}]\n";
    repo.write("job.yaml", job.formatted("", "1.36")).commit("a job");
    assertThat(sync().exitCode()).isZero();
    String uid =
        admin.batch().v1().jobs().inNamespace(ns).withName("once").get().getMetadata().getUid();

    repo.write("job.yaml", job.formatted("", "1.37")).commit("its template changed");
    Cli.Result refused = sync();

    assertThat(refused.exitCode()).isEqualTo(1);
    assertFailed(Poros.json(refused), "batch/Job::once", "invalid (422)", "immutable");

    repo.write("job.yaml", job.formatted("  annotations: {poros.dev/force: 'true'}\n", "1.37"))
        .commit("recreate it");
    Cli.Result recreated = sync();

    assertThat(recreated.exitCode()).as(recreated.all()).isZero();
    var live = admin.batch().v1().jobs().inNamespace(ns).withName("once").get();
    assertThat(live.getMetadata().getUid()).isNotEqualTo(uid);
    assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("busybox:1.37");
  }

  @Test
  void anObjectSomeoneElseMadeIsNotTakenOverUnlessTheManifestSaysSo() {
    kube.createNamespace(ns);
    admin
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("theirs")
                .endMetadata()
                .addToData("value", "theirs")
                .build())
        .fieldManager("someone-else")
        .serverSideApply();
    repo.write("theirs.yaml", configMap("theirs", "ours")).commit("declares an object that exists");

    Cli.Result refused = sync();

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(stepOf(Poros.json(refused), "/ConfigMap::theirs"))
        .extractingByKey("message")
        .asString()
        .contains("already exists, managed by someone-else", "poros.dev/adopt");
    assertThat(liveConfigMap("theirs").getData()).containsEntry("value", "theirs");

    repo.write(
            "theirs.yaml",
            configMap("theirs", "ours")
                .replace("metadata:\n", "metadata:\n  annotations: {poros.dev/adopt: 'true'}\n"))
        .commit("adopt it");
    Cli.Result adopted = sync();

    assertThat(adopted.exitCode()).as(adopted.all()).isZero();
    assertThat(liveConfigMap("theirs").getData()).containsEntry("value", "ours");
  }

  /** Enough that 20 written is early in the sync, whatever the machine's speed. */
  static final int OBJECTS = 800;

  @Test
  void theApiServerGoneMidSyncFailsTheRestCleanlyAndTheNextSyncConverges() throws Exception {
    for (int i = 0; i < OBJECTS; i++) {
      repo.write("c" + i + ".yaml", configMap("c" + i, "v"));
    }
    repo.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n")
        .commit(OBJECTS + " objects");
    String kubeconfig = Files.readString(kube.kubeconfig());
    Matcher server = Pattern.compile("server: https://127.0.0.1:(\\d+)").matcher(kubeconfig);
    assertThat(server.find()).isTrue();
    try (TcpProxy proxy = new TcpProxy(Integer.parseInt(server.group(1)))) {
      // slowed, so that the 800 applies take seconds: once 20 are written the test cuts the
      // server well before the last (unslowed, CI once saw all 800 written between two polls)
      proxy.delayEachChunk(Duration.ofMillis(20));
      Path viaProxy = tmp.resolve("kubeconfig-proxy");
      Files.writeString(
          viaProxy,
          kubeconfig.replace(server.group(0), "server: https://127.0.0.1:" + proxy.port()));
      var running = CompletableFuture.supplyAsync(() -> sync(viaProxy));
      // the API server goes away once some of the objects are written (asked of the server
      // itself: its audit log is written behind)
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> admin.configMaps().inNamespace(ns).list().getItems().size() >= 20);
      proxy.stop();
      Cli.Result cut = running.get(2, TimeUnit.MINUTES);

      assertThat(cut.exitCode()).as(cut.all()).isIn(1, 2);
      List<Map<String, Object>> recorded = poros.get();
      long active = recorded.stream().filter(r -> "active".equals(r.get("status"))).count();
      assertThat(active).as("some applied before it went").isGreaterThan(0).isLessThan(OBJECTS + 1);
      for (Map<String, Object> resource : recorded) {
        String name = ((String) resource.get("id")).replaceFirst(".*:", "");
        if ("active".equals(resource.get("status")) && name.startsWith("c")) {
          assertThat(liveConfigMap(name)).as(name + " is recorded as applied").isNotNull();
        }
      }
      assertThat(recorded)
          .anyMatch(
              r ->
                  "error".equals(r.get("status"))
                      && String.valueOf(r.get("message")).contains("cannot reach the cluster"));
      // once a request could not reach it, the rest are not tried (each would wait its retries)
      assertThat(recorded)
          .anyMatch(
              r ->
                  "error".equals(r.get("status"))
                      && String.valueOf(r.get("message"))
                          .contains("not tried: an earlier request of this sync could not reach"));

      proxy.delayEachChunk(Duration.ZERO).start();
      Cli.Result again = sync(viaProxy);

      assertThat(again.exitCode()).as(again.all()).isZero();
      assertThat(
              admin.configMaps().inNamespace(ns).list().getItems().stream()
                  .filter(c -> c.getMetadata().getName().matches("c\\d+")))
          .hasSize(OBJECTS);
      assertThat(poros.get()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("active"));
    }
  }

  @Test
  void anUnreachableClusterFailsTheSyncInOneLineAndRecordsNothingAsApplied() throws Exception {
    Path broken = tmp.resolve("kubeconfig-broken");
    Files.writeString(
        broken,
        Files.readString(kube.kubeconfig())
            .replaceAll("server: https://127.0.0.1:\\d+", "server: https://127.0.0.1:1"));
    repo.write("a.yaml", configMap("a", "1")).commit("A");

    Cli.Result sync = sync(broken);

    assertThat(sync.exitCode()).isEqualTo(2);
    assertThat(sync.err().strip().lines()).hasSize(1);
    assertThat(sync.err()).contains("cluster https://127.0.0.1:1/", "cannot reach the cluster");
    assertThat(poros.resource("/ConfigMap::a")).isNull();
  }
}
