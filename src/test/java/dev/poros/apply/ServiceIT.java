package dev.poros.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.poros.apply.local.SupervisorSettings;
import dev.poros.cli.Wiring;
import dev.poros.model.Health;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.reconcile.SyncResult;
import dev.poros.reconcile.Trigger;
import dev.poros.source.RepoSpec;
import dev.poros.store.ProcessRecord;
import dev.poros.testing.Cli;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services and workers as supervised processes: health, restarts, rollouts, removal, adoption. */
class ServiceIT {
  static final String KEY = "service:v1:web:public";
  static final SupervisorSettings FAST =
      new SupervisorSettings(
          Duration.ofMillis(200),
          Duration.ofSeconds(2),
          Duration.ofMinutes(10),
          Duration.ofSeconds(2),
          Duration.ofMillis(300));

  @TempDir Path tmp;
  TestRepo repo;
  RepoSpec spec;
  int port;

  @BeforeEach
  void setUp() throws IOException {
    repo = TestRepo.init(tmp.resolve("repo"));
    // the tests remove every resource in a commit on purpose
    spec =
        RepoSpec.of(repo.dir().toString(), null, "")
            .withGuards(true, RepoSpec.DEFAULT_MAX_FILE_BYTES);
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
  }

  @AfterEach
  void stopWhatIsLeft() {
    try (Wiring wiring = wiring()) {
      wiring
          .stores()
          .processes()
          .all()
          .forEach(
              p -> {
                if (p.pid() != null) {
                  ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
              });
    }
    repo.close();
  }

  Wiring wiring() {
    return new Wiring(tmp.resolve("data"), Clock.systemUTC()).supervising(FAST);
  }

  String service(String greeting) {
    return "name: web\nversion: v1\ntype: service\nservice:\n  servicePort: "
        + port
        + "\n"
        + "  env:\n    GREETING: "
        + greeting
        + "\n"
        // the port comes from $PORT, which Poros sets to servicePort for the first replica
        + "  command: [sh, -c, 'exec python3 -m http.server \"$PORT\" --bind 127.0.0.1']\n"
        + "  healthCheck:\n    httpGet:\n      path: /\n      port: "
        + port
        + "\n";
  }

  /** A process's environment as Linux shows it, one {@code NAME=value} each. */
  static List<String> environment(long pid) {
    try {
      return List.of(Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void sync(Wiring wiring) {
    SyncResult result = wiring.reconciler("local").reconcile(spec, null, Trigger.CLI, false);
    assertThat(result.problems()).isEmpty();
  }

  static RecordedResource resource(Wiring wiring, String key) {
    return wiring.stores().resources().get(new ResourceKey(key)).orElseThrow();
  }

  static ProcessRecord process(Wiring wiring, int replica) {
    return wiring.stores().processes().of(KEY).stream()
        .filter(p -> p.replica() == replica)
        .findFirst()
        .orElseThrow();
  }

  long serversOnPort() {
    String marker = String.valueOf(port);
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(a -> List.of(a).contains("http.server") && List.of(a).contains(marker))
                    .orElse(false))
        .count();
  }

  @Test
  void aServiceBecomesHealthyRestartsWhenKilledRollsOutChangesAndStopsWhenRemoved() {
    try (Wiring wiring = wiring()) {
      repo.write("web.yaml", service("hello")).commit("web");
      sync(wiring);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> resource(wiring, KEY).health() == Health.HEALTHY);
      long first = process(wiring, 0).pid();
      assertThat(resource(wiring, KEY).message()).isEqualTo("1/1 replicas up, 1 healthy");

      ProcessHandle.of(first).orElseThrow().destroyForcibly();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                ProcessRecord p = process(wiring, 0);
                return p.restarts() >= 1 && p.pid() != null && p.pid() != first;
              });
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> resource(wiring, KEY).health() == Health.HEALTHY);
      assertThat(process(wiring, 0).lastExitCode()).isEqualTo(137);
      assertThat(resource(wiring, KEY).message())
          .isEqualTo("1/1 replicas up, 1 healthy, 1 restart");

      long beforeChange = process(wiring, 0).pid();
      repo.write("web.yaml", service("changed")).commit("new spec");
      sync(wiring);
      String newHash = resource(wiring, KEY).hash();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  process(wiring, 0).specHash().equals(newHash)
                      && process(wiring, 0).pid() != null
                      && resource(wiring, KEY).health() == Health.HEALTHY);
      assertThat(process(wiring, 0).pid()).isNotEqualTo(beforeChange);
      assertThat(ProcessHandle.of(beforeChange).map(ProcessHandle::isAlive).orElse(false))
          .isFalse();
      assertThat(
              ProcessHandle.of(process(wiring, 0).pid())
                  .orElseThrow()
                  .info()
                  .arguments()
                  .orElseThrow())
          .contains(String.valueOf(port));
      assertThat(environment(process(wiring, 0).pid()))
          .as("the new process has the new spec's environment")
          .contains("GREETING=changed", "PORT=" + port)
          .doesNotContain("GREETING=hello");

      long last = process(wiring, 0).pid();
      repo.delete("web.yaml").commit("removed");
      sync(wiring);

      assertThat(ProcessHandle.of(last).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(wiring.stores().processes().of(KEY)).isEmpty();
      assertThat(portIsFree()).isTrue();
    }
  }

  @Test
  void anAgentStartedAgainAdoptsTheServiceItLeftRunning() {
    repo.write("web.yaml", service("hello")).commit("web");
    long pid;
    try (Wiring first = wiring()) {
      sync(first);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> resource(first, KEY).health() == Health.HEALTHY);
      pid = process(first, 0).pid();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("outlives the agent")
        .isTrue();

    try (Wiring second = wiring()) {
      sync(second);
      assertThat(serversOnPort()).isEqualTo(1);
      assertThat(process(second, 0).pid()).isEqualTo(pid);

      repo.write("web.yaml", service("changed")).commit("new spec");
      sync(second);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> resource(second, KEY).health() == Health.HEALTHY);
      assertThat(serversOnPort()).isEqualTo(1);
      assertThat(process(second, 0).pid()).isNotEqualTo(pid);
    }
  }

  @Test
  void aWorkerRunsItsReplicas() {
    try (Wiring wiring = wiring()) {
      repo.write(
              "count.yaml",
              "name: count\nversion: v1\ntype: worker\nworker:\n  replicas: 2\n"
                  + "  script: 'while true; do echo counting; sleep 1; done'\n")
          .commit("worker");
      sync(wiring);

      String key = "worker:v1:count:public";
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> resource(wiring, key).health() == Health.HEALTHY);
      List<ProcessRecord> processes = wiring.stores().processes().of(key);
      assertThat(processes)
          .hasSize(2)
          .allSatisfy(p -> assertThat(ProcessHandle.of(p.pid())).isPresent());
      assertThat(resource(wiring, key).message()).isEqualTo("2/2 replicas up, 2 healthy");

      repo.delete("count.yaml").commit("gone");
      sync(wiring);
      assertThat(processes)
          .allSatisfy(
              p ->
                  assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false))
                      .isFalse());
    }
  }

  @Test
  void workersOfOneNameInTwoWorkspacesKeepLogsAndFoldersOfTheirOwn() {
    try (Wiring wiring = wiring()) {
      for (String workspace : List.of("alpha", "beta")) {
        repo.write(
            workspace + ".yaml",
            "name: twin\nversion: v1\ntype: worker\nworkspace: "
                + workspace
                + "\nworker:\n  script: 'echo I am in "
                + workspace
                + "; pwd; sleep 600'\n");
      }
      repo.commit("two twins");
      sync(wiring);

      Path logs = tmp.resolve("data/logs");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(logs.resolve("alpha/worker-twin/replica-0.log"))
                    .content()
                    .contains("I am in alpha", "services/alpha/worker-twin/replica-0")
                    .doesNotContain("beta");
                assertThat(logs.resolve("beta/worker-twin/replica-0.log"))
                    .content()
                    .contains("I am in beta", "services/beta/worker-twin/replica-0")
                    .doesNotContain("alpha");
              });

      repo.delete("alpha.yaml").delete("beta.yaml").commit("no twins");
      sync(wiring); // workers outlive their agent by design: removing them stops them
    }
  }

  boolean portIsFree() {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A worker that prints its secret every tenth of a second. */
  void commitTalker() {
    repo.copy("spine/db-creds.yaml", "db-creds.yaml")
        .write(
            "talker.yaml",
            "name: talker\nversion: v1\ntype: worker\nworker:\n  secrets: [db-creds]\n"
                + "  script: 'while true; do echo \"password is $password\"; sleep 0.1; done'\n")
        .commit("talker");
  }

  @Test
  void whatAWorkerPrintsReachesItsLogWithSecretsMaskedAlsoAfterTheAgentIsGone() throws IOException {
    commitTalker();
    Path log = tmp.resolve("data/logs/public/worker-talker/replica-0.log");
    try (Wiring wiring = wiring()) {
      sync(wiring);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(log) && Files.readString(log).contains("password is ***"));
    }

    long printedWhileSupervised = Files.readString(log).lines().count();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(log).lines().count() > printedWhileSupervised + 5);
    assertThat(Files.readString(log)).contains("password is ***").doesNotContain("s3cr3t");
  }

  @Test
  void aWorkersLogIsRotatedAtItsCapStillMaskedAndPrivate() throws IOException {
    int cap = 16 * 1024;
    repo.copy("spine/db-creds.yaml", "db-creds.yaml")
        .write(
            "chatty.yaml",
            "name: chatty\nversion: v1\ntype: worker\nworker:\n  secrets: [db-creds]\n"
                + "  script: 'i=0; while [ $i -lt 3000 ]; do echo \"line $i: password is"
                + " $password, padded to fill the log\"; i=$((i+1)); done; sleep 600'\n")
        .commit("a chatty worker");
    Path log = tmp.resolve("data/logs/public/worker-chatty/replica-0.log");
    Path older = log.resolveSibling("replica-0.log.1");
    try (Wiring wiring = wiring().logCap(cap)) {
      sync(wiring);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.exists(log) && Files.readString(log).contains("line 2999:"));

      // about 230 kB printed: what is kept is the last cap's worth and the part before it
      for (Path kept : List.of(log, older)) {
        assertThat(Files.size(kept)).as("%s", kept).isLessThanOrEqualTo(cap + 200L);
        assertThat(Files.readString(kept)).contains("password is ***").doesNotContain("s3cr3t");
        assertThat(Files.getPosixFilePermissions(kept))
            .as("%s", kept)
            .containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      }
      assertThat(Files.readAllLines(log).get(0))
          .isEqualTo(
              "poros: this log passed 16 KiB: its previous part is in replica-0.log.1,"
                  + " earlier ones were dropped");

      repo.delete("chatty.yaml").commit("no chatty worker");
      sync(wiring);
    }
  }

  @Test
  void aDataDirectoryGivenAsARelativePathServesProcessesInFoldersOfTheirOwn() throws IOException {
    // the quick start's default, .poros: the paths handed to a process must hold in its folder
    commitTalker();
    Path relative = Path.of("target", "relative-data-" + System.nanoTime());
    try {
      Cli.Result sync =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  Cli.run(
                      "sync", "--data-dir", relative.toString(), "--repo", repo.dir().toString()));
      assertThat(sync.exitCode()).as(sync.all()).isZero();
      Path log = relative.resolve("logs/public/worker-talker/replica-0.log");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(log) && Files.readString(log).contains("password is ***"));
    } finally {
      ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
      try (var files = Files.walk(relative)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
