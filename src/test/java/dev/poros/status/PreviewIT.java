package dev.poros.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.model.Json;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.ForgeServer;
import dev.poros.testing.ForgeServer.Forge;
import dev.poros.testing.TestRepo;
import dev.poros.testing.TokenAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Pull-request previews on the real Gitea: {@code poros run} follows a Gitea repository, a pull
 * request into its branch gets a {@code poros/NAME/preview} status on its head and one comment with
 * what merging would do — by Gitea's pull request webhook, and by polling without one — while
 * nothing of the pull request is applied or recorded as applied.
 */
@Tag("infra")
@ExtendWith(ForgeServer.class)
class PreviewIT {
  static final String SECRET = "preview-webhook-secret";
  static final String EXTERNAL = "https://poros.example.test";

  @TempDir Path tmp;
  Forge forge;
  String name;
  TestRepo repo;

  @BeforeEach
  void setUp(Forge forge) {
    this.forge = forge;
    this.name = "previews-" + UUID.randomUUID().toString().substring(0, 8);
    forge.createRepository(name);
    this.repo = TestRepo.init(tmp.resolve("repo"));
  }

  static String compute(String name, String purpose) {
    return "name: " + name + "\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  /** A service that, were it started, would leave {@code marker} behind. */
  static String service(Path marker) {
    return "name: tattler\nversion: v1\ntype: service\nservice:\n  servicePort: 1\n"
        + "  command: [sh, -c, 'touch "
        + marker
        + "; sleep 600']\n";
  }

  AgentProcess agent(String interval) throws Exception {
    Path token = Files.writeString(tmp.resolve("forge-token"), forge.token() + "\n");
    Path secret = Files.writeString(tmp.resolve("webhook-secret"), SECRET + "\n");
    return AgentProcess.start(
        tmp.resolve("data"),
        tmp.resolve("agent.log"),
        "--repo",
        forge.cloneUrl(name),
        "--interval",
        interval,
        "--webhook-secret-file",
        secret.toString(),
        "--status-provider",
        "gitea",
        "--status-token-file",
        token.toString(),
        "--external-url",
        EXTERNAL);
  }

  String repoPath() {
    return "/repos/" + forge.owner() + "/" + name;
  }

  /** The states Gitea holds for {@code sha} under {@code context}, oldest first. */
  List<String> states(String sha, String context) {
    return forge.commitStatuses(name, sha, context).stream()
        .map(s -> s.path("status").asString())
        .toList();
  }

  /** Waits for {@code head}'s failed preview status and the one comment; returns the comment. */
  JsonNode awaitFailedPreview(String head, long number) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(states(head, previewContext())).containsExactly("failure"));
    await().atMost(Duration.ofSeconds(10)).until(() -> porosComments(number).size() == 1);
    return porosComments(number).get(0);
  }

  /** Waits for the agent to show pull request {@code number}'s preview as closed. */
  void awaitClosed(AgentProcess agent, long number) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(preview(agent, number).path("state").asString()).isEqualTo("closed"));
  }

  String previewContext() {
    return "poros/" + name + "/preview";
  }

  /** The pull request's comments that Poros's marker starts. */
  List<JsonNode> porosComments(long number) {
    List<JsonNode> ours = new ArrayList<>();
    forge
        .api("GET", repoPath() + "/issues/" + number + "/comments", null, 200)
        .forEach(
            c -> {
              if (c.path("body").asString().startsWith("<!-- poros-preview default -->")) {
                ours.add(c);
              }
            });
    return ours;
  }

  /** Main, with one resource, pushed. */
  String main() {
    String main = repo.write("c.yaml", compute("base", "runnable")).commit("main's");
    forge.push(repo, name, "main");
    return main;
  }

  /** Waits for {@code main}'s sync to be posted as a success. */
  void synced(String main) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> states(main, "poros/" + name).contains("success"));
  }

  JsonNode preview(AgentProcess agent, long number) {
    return Json.JSON.readTree(agent.get("/api/v1/previews/default/" + number).body());
  }

  /** On branch feature: adds a compute and a service, breaks a compute. */
  String brokenChange(Path marker) throws Exception {
    try (Git git = Git.open(repo.dir().toFile())) {
      git.checkout().setCreateBranch(true).setName("feature").call();
    }
    String head =
        repo.write("d.yaml", compute("added", "query"))
            .write("svc.yaml", service(marker))
            .write("bad.yaml", "name: bad\nversion: v1\ntype: compute\ncompute:\n  purpose: 12\n")
            .commit("adds two, breaks one");
    forge.push(repo, name, "feature");
    return head;
  }

  @Test
  void aPullRequestIsPreviewedByWebhookAndItsCommentEditedInPlaceWhileNothingIsApplied()
      throws Exception {
    Path marker = tmp.resolve("service-started");
    String main = main();
    try (AgentProcess agent = agent("1h")) {
      forge.addWebhook(name, agent.url("/api/v1/webhooks/github"), SECRET, "push", "pull_request");
      synced(main);
      String resourcesBefore = agent.get("/api/v1/resources").body();
      int syncsBefore = Json.JSON.readTree(agent.get("/api/v1/syncs").body()).size();

      String head = brokenChange(marker);
      long number = forge.openPullRequest(name, "feature", "main");

      JsonNode comment = awaitFailedPreview(head, number);
      assertThat(comment.path("body").asString())
          .contains("| create | update | delete | unchanged | invalid |")
          .contains("| 2 | 0 | 0 | 1 | 1 |")
          .contains("bad.yaml:5: compute.purpose: ")
          .contains("<code>compute:v1:added</code>")
          .contains("+  purpose: query")
          .contains(EXTERNAL + "/previews/default/" + number)
          // the shipped policy that warns: previews show what a sync would warn about
          .contains("**Warnings** (applied anyway)")
          .contains("policy resources-have-owner: no owner");

      String fixed = repo.delete("bad.yaml").commit("fixed");
      forge.push(repo, name, "feature");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(states(fixed, previewContext())).containsExactly("success"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(porosComments(number))
                      .singleElement()
                      .satisfies(
                          edited -> {
                            assertThat(edited.path("id").asLong())
                                .isEqualTo(comment.path("id").asLong());
                            assertThat(edited.path("body").asString())
                                .contains("merging would apply cleanly")
                                .doesNotContain("bad.yaml");
                          }));

      // nothing of the pull request was applied, recorded as applied, or run
      assertThat(agent.get("/api/v1/resources").body()).isEqualTo(resourcesBefore);
      assertThat(Json.JSON.readTree(agent.get("/api/v1/syncs").body()).size())
          .isEqualTo(syncsBefore);
      assertThat(marker).doesNotExist();
      assertThat(states(main, previewContext())).as("main's commit is no preview").isEmpty();

      JsonNode listed = Json.JSON.readTree(agent.get("/api/v1/previews").body());
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).path("verdict").asString()).isEqualTo("success");
      assertThat(listed.get(0).path("headSha").asString()).isEqualTo(fixed);
      assertThat(preview(agent, number).path("warnings").toString())
          .contains("policy resources-have-owner");
      assertThat(preview(agent, number).path("changes").findValuesAsString("id"))
          .containsExactlyInAnyOrder("compute:v1:added", "service:v1:tattler:public");
      var page = agent.get("/previews/default/" + number);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("compute:v1:added", "purpose: query");

      forge.api("PATCH", repoPath() + "/pulls/" + number, Map.of("state", "closed"), 201);
      awaitClosed(agent, number);
      assertThat(porosComments(number)).as("a closed pull request keeps its comment").hasSize(1);

      TokenAudit.assertNowhere(
          forge.token(),
          agent,
          tmp.resolve("data"),
          List.of(
              "/api/v1/previews",
              "/api/v1/previews/default/" + number,
              "/previews",
              "/previews/default/" + number));
    }
  }

  @Test
  void withoutAWebhookPollingFindsThePullRequestPreviewsItAndSeesItClosed() throws Exception {
    Path marker = tmp.resolve("service-started");
    String main = main();
    try (AgentProcess agent = agent("2s")) {
      synced(main);
      String head = brokenChange(marker);
      long number = forge.openPullRequest(name, "feature", "main");

      assertThat(awaitFailedPreview(head, number).path("body").asString())
          .contains("bad.yaml:5: compute.purpose: ");
      String previewedAt = preview(agent, number).path("previewedAt").asString();
      // over a few more polls (every 2 s) the same head is not previewed again
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(8))
          .until(() -> preview(agent, number).path("previewedAt").asString().equals(previewedAt));
      assertThat(states(head, previewContext())).containsExactly("failure");
      assertThat(marker).doesNotExist();

      forge.api("PATCH", repoPath() + "/pulls/" + number, Map.of("state", "closed"), 201);
      awaitClosed(agent, number);
    }
  }
}
