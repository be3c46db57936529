package dev.poros.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.model.Json;
import dev.poros.model.ResourceKey;
import dev.poros.reconcile.Trigger;
import dev.poros.testing.Pids;
import dev.poros.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the agent shows when a commit may not prune: the failure in the API and {@code /metrics},
 * the service it would have stopped still running, and a too-large file named on its resource.
 */
class PruneSafetyApiIT {
  static final String SERVICE = "service:v1:api:public";

  @TempDir Path tmp;

  static String service(String name) {
    return "name: "
        + name
        + "\nversion: v1\ntype: service\nservice:\n  servicePort: 1\n  command: [sleep, '600']\n";
  }

  @Test
  void aRenameWithATypoKeepsTheServiceRunningAndAnEmptyCommitFailsVisibly() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      String first =
          repo.write("svc.yaml", service("api")).write("keep.yaml", service("keep")).commit("two");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "main-repo", null, null, true)) {
        int port = running.port();
        await().atMost(Duration.ofSeconds(30)).until(() -> syncedTo(port, first));
        long pid = pid(wiring);
        String hash =
            wiring.stores().resources().get(new ResourceKey(SERVICE)).orElseThrow().hash();

        String typo =
            repo.delete("svc.yaml")
                .write(
                    "services-api.yaml",
                    service("api").replace("servicePort: 1", "servicePort: [1"))
                .commit("git mv with a typo");
        running.agent.trigger("main-repo", Trigger.API);
        await().atMost(Duration.ofSeconds(30)).until(() -> syncedTo(port, typo));

        JsonNode api = resource(port, SERVICE);
        assertThat(api.path("status").asString()).isEqualTo("active");
        assertThat(api.path("hash").asString()).isEqualTo(hash);
        assertThat(api.path("message").asString())
            .contains(
                "nothing is pruned while a file cannot be read",
                "services-api.yaml:6: invalid YAML");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        String fixed = repo.write("services-api.yaml", service("api")).commit("typo fixed");
        running.agent.trigger("main-repo", Trigger.API);
        await().atMost(Duration.ofSeconds(30)).until(() -> syncedTo(port, fixed));
        assertThat(resource(port, SERVICE).path("file").asString()).isEqualTo("services-api.yaml");
        assertThat(pid(wiring)).isEqualTo(pid); // no restart: the spec did not change

        repo.delete("services-api.yaml").delete("keep.yaml").commit("everything removed");
        running.agent.trigger("main-repo", Trigger.API);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(repository(port).path("lastError").asString())
                        .contains("declares no resources where 2 are applied"));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(resource(port, SERVICE).path("status").asString()).isEqualTo("active");
        assertThat(Requests.get(port, "/metrics").body())
            .containsPattern(
                "poros_fetch_failures_total\\{[^}]*repository=\"main-repo\"[^}]*\\} 1\\.0");
      } finally {
        Long pid = pid(wiring);
        if (pid != null) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        wiring.stores().processes().all().stream()
            .filter(p -> p.pid() != null)
            .forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
      }
    }
  }

  @Test
  void aFileOverTheSizeLimitIsNamedOnItsResourceInTheApi() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      String depot =
          "name: big\nversion: v1\ntype: depot\ndepot:\n  type: file\n  spec: {path: /tmp}\n";
      String small = repo.write("big.yaml", depot).commit("small");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "main-repo", null, null, true)) {
        int port = running.port();
        await().atMost(Duration.ofSeconds(30)).until(() -> syncedTo(port, small));
        String big =
            repo.write("big.yaml", depot + "# " + "x".repeat(4 * 1024 * 1024) + "\n").commit("big");
        running.agent.trigger("main-repo", Trigger.API);
        await().atMost(Duration.ofSeconds(30)).until(() -> syncedTo(port, big));

        JsonNode api = resource(port, "depot:v1:big");
        assertThat(api.path("status").asString()).isEqualTo("error");
        assertThat(api.path("message").asString())
            .contains("big.yaml:1: too large (4194382 bytes, limit 3145728)");
      }
    }
  }

  static Long pid(Wiring wiring) {
    return Pids.of(wiring.stores(), SERVICE);
  }

  static JsonNode repository(int port) throws Exception {
    return Json.parse(Requests.get(port, "/api/v1/repositories").body()).get(0);
  }

  static boolean syncedTo(int port, String commit) throws Exception {
    return commit.equals(repository(port).at("/lastCommit/sha").asString());
  }

  static JsonNode resource(int port, String id) throws Exception {
    return Json.parse(Requests.get(port, "/api/v1/resources/" + id).body());
  }
}
