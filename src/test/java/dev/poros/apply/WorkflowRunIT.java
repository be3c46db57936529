package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.apply.local.RunSettings;
import dev.poros.cli.Wiring;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.model.Runtime;
import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.Trigger;
import dev.poros.source.RepoSpec;
import dev.poros.store.NodeRunRecord;
import dev.poros.store.RunRecord;
import dev.poros.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows run as real processes: DAG order, parallelism, retries, timeouts, logs, secrets. */
class WorkflowRunIT {
  @TempDir Path tmp;
  TestRepo repo;
  Wiring wiring;

  @BeforeEach
  void setUp() {
    repo = TestRepo.init(tmp.resolve("repo"));
    wiring =
        new Wiring(
            tmp.resolve("data"),
            Clock.systemUTC(),
            new RunSettings(4, Duration.ofMillis(50), Duration.ofSeconds(1)));
  }

  @AfterEach
  void close() {
    wiring.close();
    repo.close();
  }

  RunRecord syncAndAwait(String id) throws InterruptedException {
    SyncResult result =
        wiring
            .reconciler("local")
            .reconcile(RepoSpec.of(repo.dir().toString(), null, ""), null, Trigger.CLI, false);
    assertThat(result.problems()).isEmpty();
    wiring.workflows().awaitAll();
    return wiring.stores().runs().runs(id, 1).get(0);
  }

  Map<String, NodeRunRecord> lastAttempts(RunRecord run) {
    return wiring.stores().runs().nodes(run.id()).stream()
        .collect(
            Collectors.toMap(
                NodeRunRecord::node,
                Function.identity(),
                (a, b) -> a.attempt() > b.attempt() ? a : b));
  }

  static String job(String name, List<String> deps, String script) {
    return "    - name: "
        + name
        + "\n"
        + (deps.isEmpty() ? "" : "      dependencies: [" + String.join(", ", deps) + "]\n")
        + "      spec:\n        script: "
        + script
        + "\n";
  }

  @Test
  void aDiamondRunsInDependencyOrderWithTheIndependentPairInParallel() throws Exception {
    repo.write(
            "diamond.yaml",
            "name: diamond\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                + job("a", List.of(), "echo from a")
                + job("b", List.of("a"), "'sleep 1; echo from b'")
                + job("c", List.of("a"), "'sleep 1; echo from c'")
                + job("d", List.of("b", "c"), "echo from d"))
        .commit("diamond");

    RunRecord run = syncAndAwait("workflow:v1:diamond:public");

    assertThat(run.state()).isEqualTo("succeeded");
    assertThat(run.progress()).isEqualTo("4/4");
    Map<String, NodeRunRecord> nodes = lastAttempts(run);
    assertThat(nodes.values()).allSatisfy(n -> assertThat(n.state()).isEqualTo("succeeded"));
    NodeRunRecord a = nodes.get("a"), b = nodes.get("b"), c = nodes.get("c"), d = nodes.get("d");
    assertThat(b.startedAt()).isAfterOrEqualTo(a.finishedAt());
    assertThat(c.startedAt()).isAfterOrEqualTo(a.finishedAt());
    assertThat(b.startedAt()).as("b and c overlap").isBefore(c.finishedAt());
    assertThat(c.startedAt()).as("b and c overlap").isBefore(b.finishedAt());
    assertThat(d.startedAt()).isAfterOrEqualTo(b.finishedAt()).isAfterOrEqualTo(c.finishedAt());
    assertThat(Path.of(b.logPath()))
        .isEqualTo(tmp.resolve("data/logs/diamond/" + run.id() + "/b.log"));
    assertThat(Files.readString(Path.of(b.logPath()))).isEqualTo("from b\n");
    RecordedResource resource =
        wiring
            .stores()
            .resources()
            .get(new ResourceKey("workflow:v1:diamond:public"))
            .orElseThrow();
    assertThat(resource.runtime()).isEqualTo(Runtime.SUCCEEDED);
    assertThat(resource.message()).isEqualTo("run " + run.id() + " succeeded 4/4");
  }

  @Test
  void waitingForAStoppedRunWaitsUntilItsProcessesAreStoppedAndItsEndRecorded() throws Exception {
    // the run's end comes after its node's half second
    long runId = startStubbornRun();

    wiring.workflows().stop(STUBBORN_ID);
    wiring.workflows().await(runId);

    RunRecord run = wiring.stores().runs().run(runId).orElseThrow();
    assertThat(run.state()).as("recorded as ended when the wait returns").isEqualTo("interrupted");
    assertThat(lastAttempts(run).get("hold").state())
        .as("its node's process stopped and its attempt recorded")
        .isEqualTo("failed");
  }

  @Test
  void anAgentThatStopsRecordsItsRunsInterruptedBeforeItsDbCloses() throws Exception {
    long runId = startStubbornRun();

    wiring.close();

    // read as the next start finds it, before that start settles anything left running
    try (Wiring next = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      RunRecord run = next.stores().runs().run(runId).orElseThrow();
      assertThat(run.state()).isEqualTo("interrupted");
      assertThat(run.message()).isEqualTo("the agent stopped during this run");
      assertThat(
              next.stores().runs().nodes(runId).stream()
                  .filter(n -> n.node().equals("hold"))
                  .map(NodeRunRecord::state))
          .as("its node's process stopped and its attempt recorded")
          .containsExactly("failed");
    }
  }

  /** Syncs {@link #STUBBORN} and returns its run once its node's process has started. */
  private long startStubbornRun() {
    repo.write("stubborn.yaml", STUBBORN).commit("a run that takes its time to stop");
    wiring
        .reconciler("local")
        .reconcile(RepoSpec.of(repo.dir().toString(), null, ""), null, Trigger.CLI, false);
    long runId = wiring.stores().runs().runs(STUBBORN_ID, 1).get(0).id();
    Path started = tmp.resolve("data/runs/stubborn/" + runId + "/hold/started");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
    return runId;
  }

  private static final String STUBBORN_ID = "workflow:v1:stubborn:public";

  /** On TERM its node takes half a second to end. */
  private static final String STUBBORN =
      "name: stubborn\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
          + "    - name: hold\n      spec:\n        script: 'trap \"sleep 0.5; exit 1\" TERM;"
          + " touch started; while true; do sleep 0.1; done'\n";

  @Test
  void aFailingNodeIsRetriedThenFailsTheRunAndItsDependentsAreSkipped() throws Exception {
    repo.write(
            "flaky.yaml",
            "name: flaky\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                + job("a", List.of(), "echo ok")
                + "    - name: b\n      dependencies: [a]\n      spec:\n        retries: 2\n        script: 'echo trying; exit 3'\n"
                + job("c", List.of("b"), "echo never")
                + job("d", List.of("c"), "echo never either"))
        .commit("flaky");

    RunRecord run = syncAndAwait("workflow:v1:flaky:public");

    assertThat(run.state()).isEqualTo("failed");
    assertThat(run.progress()).isEqualTo("1/4");
    List<NodeRunRecord> b =
        wiring.stores().runs().nodes(run.id()).stream().filter(n -> n.node().equals("b")).toList();
    assertThat(b).extracting(NodeRunRecord::attempt).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(b).allSatisfy(n -> assertThat(n.exitCode()).isEqualTo(3));
    assertThat(Files.readString(Path.of(b.get(0).logPath())))
        .isEqualTo(
            "trying\npo   ros: attempt 2 of 3\ntrying\nporos: attempt 3 of 3\ntrying\n"
                .replace("po   ros", "poros"));
    Map<String, NodeRunRecord> nodes = lastAttempts(run);
    assertThat(nodes.get("c").state()).isEqualTo("skipped");
    assertThat(nodes.get("d").state()).isEqualTo("skipped");
    assertThat(
            wiring
                .stores()
                .resources()
                .get(new ResourceKey("workflow:v1:flaky:public"))
                .orElseThrow()
                .runtime())
        .isEqualTo(Runtime.FAILED);
  }

  @Test
  void aNodeOverItsTimeoutIsStoppedWithItsWholeProcessTree() throws Exception {
    repo.write(
            "slow.yaml",
            "name: slow\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: hang\n      spec:\n        timeout: 1s\n        script: 'sleep 300 & echo $! > child.pid; wait'\n")
        .commit("slow");

    RunRecord run = syncAndAwait("workflow:v1:slow:public");

    NodeRunRecord hang = lastAttempts(run).get("hang");
    assertThat(run.state()).isEqualTo("failed");
    assertThat(hang.state()).isEqualTo("failed");
    assertThat(hang.message()).isEqualTo("timed out after 1s");
    long child =
        Long.parseLong(
            Files.readString(tmp.resolve("data/runs/slow/" + run.id() + "/hang/child.pid"))
                .strip());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void secretsReachTheProcessButItsLogShowsThemMasked() throws Exception {
    repo.copy("spine/db-creds.yaml", "db-creds.yaml")
        .write(
            "uses-secret.yaml",
            "name: uses-secret\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: check\n      spec:\n        secrets: [db-creds]\n"
                + "        script: 'test \"$password\" = s3cr3t-A-password-42 && echo \"password is $password\"'\n")
        .commit("secret");

    RunRecord run = syncAndAwait("workflow:v1:uses-secret:public");

    assertThat(run.state()).isEqualTo("succeeded");
    assertThat(Files.readString(Path.of(lastAttempts(run).get("check").logPath())))
        .isEqualTo("password is ***\n");
  }

  @Test
  void aStackProjectingSecretsAsFilesGetsThemAsPropertiesFilesThatGoWhenTheRunEnds()
      throws Exception {
    repo.copy("spine/db-creds.yaml", "db-creds.yaml")
        .write(
            "props-stack.yaml",
            "name: props-v1\nversion: v1alpha\ntype: stack\nstack:\n  name: props\n  version: '1.0'\n"
                + "  secretProjection: {type: propFile}\n  command: [sh]\n"
                + "  arguments: [-c, 'grep -x \"password=s3cr3t-A-password-42\" /etc/dataos/secret/db-creds.properties"
                + " && echo \"env has it: $(env | grep -c s3cr3t)\" && cat /etc/dataos/secret/db-creds.properties']\n")
        .write(
            "reads-file.yaml",
            "name: reads-file\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                + "    - name: read\n      spec:\n        stack: props:1.0\n        secrets: [db-creds]\n")
        .commit("secrets as files");

    RunRecord run = syncAndAwait("workflow:v1:reads-file:public");

    assertThat(run.state()).as(run.message()).isEqualTo("succeeded");
    NodeRunRecord read = lastAttempts(run).get("read");
    assertThat(Files.readString(Path.of(read.logPath())))
        .contains("env has it: 0", "password=***", "username=")
        .doesNotContain("s3cr3t");
    assertThat(tmp.resolve("data/runs/reads-file/" + run.id() + "/read/secret"))
        .as("the secret files go with the run")
        .doesNotExist();
  }
}
