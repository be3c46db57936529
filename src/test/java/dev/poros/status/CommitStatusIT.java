package dev.poros.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.model.Json;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.ForgeServer;
import dev.poros.testing.ForgeServer.Forge;
import dev.poros.testing.Signers;
import dev.poros.testing.Signers.Signer;
import dev.poros.testing.TcpProxy;
import dev.poros.testing.TestRepo;
import dev.poros.testing.TokenAudit;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Commit statuses on the real Gitea: {@code poros run} follows a Gitea repository, its signed push
 * webhook triggers the sync, and what the sync did is read back from Gitea's API.
 */
@Tag("infra")
@ExtendWith(ForgeServer.class)
class CommitStatusIT {
  static final String SECRET = "status-webhook-secret";
  static final String EXTERNAL = "https://poros.example.test";

  @TempDir Path tmp;
  Forge forge;
  String name;
  TestRepo repo;

  @BeforeEach
  void setUp(Forge forge) {
    this.forge = forge;
    this.name = "statuses-" + UUID.randomUUID().toString().substring(0, 8);
    forge.createRepository(name);
    this.repo = TestRepo.init(tmp.resolve("repo"));
  }

  static String compute(String name, String purpose) {
    return "name: " + name + "\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  /** {@code poros run} following the repository on Gitea, posting statuses there. */
  AgentProcess agent(String... extra) throws Exception {
    Path token = Files.writeString(tmp.resolve("forge-token"), forge.token() + "\n");
    Path secret = Files.writeString(tmp.resolve("webhook-secret"), SECRET + "\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--repo",
                forge.cloneUrl(name),
                "--interval",
                "1h",
                "--webhook-secret-file",
                secret.toString(),
                "--status-provider",
                "gitea",
                "--status-token-file",
                token.toString(),
                "--external-url",
                EXTERNAL));
    args.addAll(List.of(extra));
    return AgentProcess.start(
        tmp.resolve("data"), tmp.resolve("agent.log"), args.toArray(String[]::new));
  }

  /** Gitea's signed push webhook, to the agent's GitHub-style endpoint. */
  void hookTo(AgentProcess agent) {
    forge.addWebhook(name, agent.url("/api/v1/webhooks/github"), SECRET, "push");
  }

  /** Every status Gitea holds for {@code sha} under the agent's context, oldest first. */
  List<JsonNode> statuses(String sha) {
    return statuses(sha, "poros/" + name);
  }

  List<JsonNode> statuses(String sha, String context) {
    return forge.commitStatuses(name, sha, context);
  }

  /** Gitea's {@code /commits/SHA/WHAT} of the test's repository. */
  JsonNode commit(String sha, String what) {
    return forge.api(
        "GET", "/repos/" + forge.owner() + "/" + name + "/commits/" + sha + "/" + what, null, 200);
  }

  static List<String> states(List<JsonNode> statuses) {
    return statuses.stream().map(s -> s.path("status").asString()).toList();
  }

  @Test
  void aPushByGiteasSignedWebhookGetsPendingThenSuccessWithTheDashboardLink() throws Exception {
    String first = repo.write("c.yaml", compute("first", "runnable")).commit("first");
    forge.push(repo, name, "main");
    try (AgentProcess agent = agent()) {
      hookTo(agent);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> states(statuses(first)).contains("success"));

      String pushed = repo.write("d.yaml", compute("second", "query")).commit("second");
      forge.push(repo, name, "main");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(states(statuses(pushed))).containsExactly("pending", "success"));
      JsonNode success = statuses(pushed).get(1);
      assertThat(success.path("description").asString())
          .isEqualTo("synced: 1 created, 0 updated, 0 deleted, 1 unchanged");
      String link = success.path("target_url").asString();
      assertThat(link).matches(EXTERNAL + "/syncs/\\d+");
      var page = agent.get(link.substring(EXTERNAL.length()));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("Sync #" + link.substring(link.lastIndexOf('/') + 1), "compute:v1:second");
      // combined: this context and /health, which settles once the resources report health
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(commit(pushed, "status").path("state").asString())
                      .isEqualTo("success"));
      assertNoToken(agent, link.substring(EXTERNAL.length()));
    }
  }

  /**
   * The forge token is in no log line, no file of the data directory (the Poros DB and its WAL
   * included), no API answer and no dashboard page.
   */
  void assertNoToken(AgentProcess agent, String syncPage) {
    TokenAudit.assertNowhere(
        forge.token(),
        agent,
        tmp.resolve("data"),
        List.of(
            "/api/v1/repositories",
            "/api/v1/syncs",
            "/api/v1/resources",
            "/",
            syncPage,
            "/metrics"));
  }

  @Test
  void anInvalidCommitGetsFailureWithItsFirstProblemAndAPollOfTheSameCommitPostsNothing()
      throws Exception {
    String broken =
        repo.write("c.yaml", compute("first", "runnable"))
            .write("bad.yaml", "name: bad\nversion: v1\ntype: compute\ncompute:\n  purpose: 12\n")
            .commit("a bad compute");
    forge.push(repo, name, "main");
    try (AgentProcess agent = agent()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(states(statuses(broken))).contains("failure"));
      JsonNode failure = statuses(broken).get(statuses(broken).size() - 1);
      assertThat(failure.path("description").asString())
          .startsWith("1 invalid: bad.yaml:5: compute.purpose: ");

      agent.post("/api/v1/repositories/default/sync", "");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Json.JSON.readTree(agent.get("/api/v1/syncs").body()).size() >= 2);
      // a post had it been made would land within the window: the same two, all along
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(4))
          .until(() -> states(statuses(broken)).equals(List.of("pending", "failure")));

      String fixed = repo.delete("bad.yaml").commit("fixed");
      forge.push(repo, name, "main");
      agent.post("/api/v1/repositories/default/sync", "");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(states(statuses(fixed))).endsWith("success"));
    }
  }

  @Test
  void anUnsignedCommitIsRefusedAsAnUnverifiedCommitWhereverTheSyncShows() throws Exception {
    try (Signers signers = new Signers(tmp.resolve("keys"))) {
      Signer alice = signers.gpg("Alice", "alice@example.com");
      repo.write("c.yaml", compute("first", "runnable"));
      String signed = signers.commit(repo, "signed", alice, alice);
      forge.push(repo, name, "main");
      try (AgentProcess agent = agent("--verify-keys-gpg", alice.publicKey().toString())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(states(statuses(signed))).endsWith("success"));

        repo.write("c.yaml", compute("first", "changed"));
        String unsigned = signers.commit(repo, "unsigned", alice, null);
        forge.push(repo, name, "main");
        agent.post("/api/v1/repositories/default/sync", "");
        String reason =
            "commit " + unsigned.substring(0, 7) + " by alice@example.com is not signed";
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(states(statuses(unsigned))).endsWith("failure"));
        assertThat(
                statuses(unsigned)
                    .get(statuses(unsigned).size() - 1)
                    .path("description")
                    .asString())
            .startsWith("unverified commit: " + reason);
        JsonNode newest = Json.JSON.readTree(agent.get("/api/v1/syncs").body()).get(0);
        assertThat(newest.path("outcome").asString()).isEqualTo("failed");
        assertThat(newest.path("commit").asString()).isEqualTo(unsigned);
        assertThat(newest.path("message").asString()).contains(reason);
        assertThat(agent.get("/").body()).contains("unverified commit: " + reason);
        assertThat(agent.get("/metrics").body())
            .contains("poros_unverified_commits_total{repository=\"default\"} 1.0");
        assertThat(
                Json.JSON
                    .readTree(agent.get("/api/v1/resources/compute:v1:first").body())
                    .path("commit")
                    .asString())
            .as("the signed commit's resources keep running")
            .isEqualTo(signed);
      }
    }
  }

  @Test
  void giteaGoneWhilePorosSyncsTheSyncsGoOnTheErrorShowsAndTheLatestStatusLandsOnceItIsBack()
      throws Exception {
    String first = repo.write("c.yaml", compute("first", "runnable")).commit("first");
    forge.push(repo, name, "main");
    int giteaPort = URI.create(forge.url()).getPort();
    try (TcpProxy proxy = new TcpProxy(giteaPort);
        AgentProcess agent = agent("--status-url", "http://127.0.0.1:" + proxy.port())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> states(statuses(first)).contains("success"));

      proxy.stop();
      String second = repo.write("d.yaml", compute("second", "query")).commit("second");
      forge.push(repo, name, "main");
      agent.post("/api/v1/repositories/default/sync", "");

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JsonNode repository =
                    Json.JSON.readTree(agent.get("/api/v1/repositories").body()).get(0);
                assertThat(repository.at("/lastCommit/sha").asString())
                    .as("the sync went on")
                    .isEqualTo(second);
                assertThat(repository.path("statusError").asString())
                    .contains("poros/" + name, "cannot be reached");
              });
      assertThat(agent.get("/metrics").body())
          .contains("poros_status_posts_total{outcome=\"failed\",provider=\"gitea\"}")
          .contains("poros_status_posts_total{outcome=\"retried\",provider=\"gitea\"}");
      assertThat(states(statuses(second))).isEmpty();

      proxy.start();
      agent.post("/api/v1/repositories/default/sync", "");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(states(statuses(second))).endsWith("success"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          Json.JSON
                              .readTree(agent.get("/api/v1/repositories").body())
                              .get(0)
                              .has("statusError"))
                      .isFalse());
    }
  }

  @Test
  void withGitNotesTheSyncResultIsANoteOnTheCommitThatGitLogShows() throws Exception {
    String first = repo.write("c.yaml", compute("first", "runnable")).commit("first");
    forge.push(repo, name, "main");
    Path password = Files.writeString(tmp.resolve("git-password"), forge.token() + "\n");
    try (AgentProcess agent =
        AgentProcess.start(
            tmp.resolve("data"),
            tmp.resolve("agent.log"),
            "--repo",
            forge.cloneUrl(name),
            "--interval",
            "1h",
            "--git-username",
            forge.owner(),
            "--git-password-file",
            password.toString(),
            "--status-provider",
            "git-notes",
            "--external-url",
            EXTERNAL)) {
      Path clone = tmp.resolve("clone");
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                deleteRecursively(clone);
                git(tmp, "clone", "-q", forge.cloneUrl(name), clone.toString());
                git(clone, "fetch", "-q", "origin", "refs/notes/poros:refs/notes/poros");
                assertThat(git(clone, "log", "--notes=poros", "-1", "--format=%H%n%N"))
                    .startsWith(first)
                    .containsPattern(
                        "poros/"
                            + name
                            + ": success — synced: 1 created, 0 updated, 0 deleted, 0 unchanged"
                            + " \\("
                            + EXTERNAL
                            + "/syncs/\\d+\\)");
              });
      assertThat(agent.output()).doesNotContain(forge.token());
    }
  }

  static String workflow(String script) {
    return "name: nightly\nversion: v1\nworkspace: public\ntype: workflow\nworkflow:\n  dag:\n"
        + "    - name: only\n      spec: {stack: shell, script: '"
        + script
        + "'}\n";
  }

  @Test
  void theHealthContextSaysWhetherTheCommitsResourcesBecameHealthyOnceTheySettle()
      throws Exception {
    String good = repo.write("wf.yaml", workflow("sleep 1; echo done")).commit("a workflow");
    forge.push(repo, name, "main");
    try (AgentProcess agent = agent()) {
      String health = "poros/" + name + "/health";
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(states(statuses(good, health))).endsWith("success"));
      assertThat(states(statuses(good, health))).containsExactly("pending", "success");
      assertThat(statuses(good, health).get(1).path("description").asString())
          .isEqualTo("1 of 1 resources healthy");

      String bad = repo.write("wf.yaml", workflow("sleep 1; exit 3")).commit("it fails now");
      forge.push(repo, name, "main");
      agent.post("/api/v1/repositories/default/sync", "");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(states(statuses(bad, health))).endsWith("failure"));
      assertThat(
              statuses(bad, health)
                  .get(statuses(bad, health).size() - 1)
                  .path("description")
                  .asString())
          .startsWith("degraded: workflow:v1:nightly:public");
      assertThat(states(statuses(bad))).as("the sync itself applied").endsWith("success");
    }
  }

  /** Runs the real {@code git} in {@code dir}; its output, or an error with it. */
  static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + output);
    }
    return output;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
