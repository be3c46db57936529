package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.model.Json;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.GitHttpServer;
import dev.poros.testing.Hmac;
import dev.poros.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code poros run} in a process of its own, following a repository a Git server serves over smart
 * HTTP: pushes land within a second, a burst of them syncs at most twice, and the server going away
 * is survived and shown.
 */
class RunOverHttpIT {
  static final String SECRET = "shared-webhook-secret";

  @TempDir Path tmp;

  static String compute(String purpose) {
    return "name: c\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  /** {@code poros run} following the served repository {@code deploy}. */
  AgentProcess agentFollowing(GitHttpServer git, String... options) {
    List<String> args = new ArrayList<>(List.of("--repo", git.url("deploy")));
    args.addAll(List.of(options));
    return AgentProcess.start(
        tmp.resolve("data"), tmp.resolve("agent.log"), args.toArray(String[]::new));
  }

  Path secretFile() throws Exception {
    return Files.writeString(tmp.resolve("webhook-secret"), SECRET + "\n");
  }

  static JsonNode json(AgentProcess agent, String path) {
    return Json.JSON.readTree(agent.get(path).body());
  }

  static boolean syncing(AgentProcess agent) {
    return json(agent, "/api/v1/repositories").get(0).path("syncing").asBoolean();
  }

  static String commitOf(AgentProcess agent, String id) {
    return json(agent, "/api/v1/resources/" + id).path("commit").asString("");
  }

  @Test
  void aRepositoryServedOverHttpIsSyncedAndOnlyASignedPushLands() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("served/deploy"))) {
      String first =
          repo.write("c.yaml", compute("one"))
              .write("d.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
              .commit("one");
      try (GitHttpServer git = GitHttpServer.serving(tmp.resolve("served"));
          AgentProcess agent =
              agentFollowing(
                  git, "--interval", "1h", "--webhook-secret-file", secretFile().toString())) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> agent.get("/readyz").statusCode() == 200);
        assertThat(json(agent, "/api/v1/resources").findValuesAsString("id"))
            .containsExactlyInAnyOrder("compute:v1:c", "depot:v1:lake");
        assertThat(commitOf(agent, "compute:v1:c")).isEqualTo(first);
        JsonNode repository = json(agent, "/api/v1/repositories").get(0);
        assertThat(repository.path("url").asString()).isEqualTo(git.url("deploy"));
        assertThat(repository.path("lastCommit").path("sha").asString()).isEqualTo(first);
        assertThat(repository.path("lastCommit").path("message").asString()).isEqualTo("one");
        assertThat(repository.path("lastCommit").path("author").asString()).isEqualTo("Test");

        String head = repo.write("c.yaml", compute("two")).commit("two");
        String push = "{\"ref\": \"refs/heads/main\", \"after\": \"" + head + "\"}";
        int syncsBefore = json(agent, "/api/v1/syncs").size();

        assertThat(agent.post("/api/v1/webhooks/github", push).statusCode()).isEqualTo(401);
        assertThat(
                agent
                    .post(
                        "/api/v1/webhooks/github",
                        push,
                        "X-Hub-Signature-256",
                        Hmac.githubSignature("not-the-secret", push))
                    .statusCode())
            .isEqualTo(401);
        // syncs are asynchronous: nothing may start over a settle window, not only right now
        await()
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(4))
            .until(
                () ->
                    json(agent, "/api/v1/syncs").size() == syncsBefore
                        && commitOf(agent, "compute:v1:c").equals(first));

        var signed =
            agent.post(
                "/api/v1/webhooks/github",
                push,
                "X-Hub-Signature-256",
                Hmac.githubSignature(SECRET, push));
        assertThat(signed.statusCode()).isEqualTo(202);
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> commitOf(agent, "compute:v1:c").equals(head));
        assertThat(json(agent, "/api/v1/resources/compute:v1:c").path("lastDiff").asString())
            .contains("-  purpose: one", "+  purpose: two");

        // ten deliveries at once: at most two syncs, the last of them at the last commit
        await().atMost(Duration.ofSeconds(10)).until(() -> !syncing(agent));
        int syncsBeforeTheBurst = json(agent, "/api/v1/syncs").size();
        String last = repo.write("c.yaml", compute("three")).commit("three");
        String lastPush = "{\"ref\": \"refs/heads/main\", \"after\": \"" + last + "\"}";
        List<CompletableFuture<Integer>> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          burst.add(
              CompletableFuture.supplyAsync(
                  () ->
                      agent
                          .post(
                              "/api/v1/webhooks/github",
                              lastPush,
                              "X-Hub-Signature-256",
                              Hmac.githubSignature(SECRET, lastPush))
                          .statusCode()));
        }
        assertThat(burst.stream().map(CompletableFuture::join)).containsOnly(202);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> commitOf(agent, "compute:v1:c").equals(last) && !syncing(agent));
        assertThat(json(agent, "/api/v1/syncs").size() - syncsBeforeTheBurst).isBetween(1, 2);
        assertThat(json(agent, "/api/v1/syncs").get(0).path("commit").asString()).isEqualTo(last);
      }
    }
  }

  @Test
  void theGitServerGoingAwayIsShownAndBackedOffAndTheAgentRecovers() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("served/deploy"))) {
      repo.write("c.yaml", compute("one")).commit("one");
      try (GitHttpServer git = GitHttpServer.serving(tmp.resolve("served"));
          AgentProcess agent = agentFollowing(git, "--interval", "1s")) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> agent.get("/readyz").statusCode() == 200);

        git.stop();
        String head = repo.write("c.yaml", compute("two")).commit("two while the server is away");
        // a fetch in flight as the server stops may wait out the agent's 60 s Git timeout before it
        // counts as failed (CI saw it once): the failures are awaited past that
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    json(agent, "/api/v1/repositories").get(0).path("fetchFailures").asInt() >= 3);
        JsonNode failing = json(agent, "/api/v1/repositories").get(0);
        // polls every second, but the failures back off: 1 s, 2 s, 4 s, ...
        int failures = failing.path("fetchFailures").asInt();
        assertThat(failing.path("backoffSeconds").asLong()).isEqualTo(1L << (failures - 1));
        assertThat(failing.path("lastError").asString())
            .startsWith("cannot reach " + git.url("deploy") + ": ")
            .contains("Connection refused");
        assertThat(agent.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(agent.get("/").body()).contains("fetch failed");
        assertThat(json(agent, "/api/v1/syncs").get(0).path("outcome").asString())
            .isEqualTo("failed");
        assertThat(json(agent, "/api/v1/resources/compute:v1:c").path("status").asString())
            .isEqualTo("active");

        git.start();
        // the agent clears its failures once the sync that recorded the commit returns: awaited
        // together (a change judged alone made the window between the two seen by CI)
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    commitOf(agent, "compute:v1:c").equals(head)
                        && !json(agent, "/api/v1/repositories").get(0).has("fetchFailures"));
        assertThat(agent.get("/").body()).doesNotContain("fetch failed");
      }
    }
  }
}
