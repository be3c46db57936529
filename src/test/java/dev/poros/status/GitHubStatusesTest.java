package dev.poros.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poros.model.Json;
import dev.poros.status.forge.ForgeApi;
import dev.poros.status.forge.ForgeComments;
import dev.poros.status.forge.ForgePullRequests;
import dev.poros.status.forge.ForgeRepository;
import dev.poros.status.forge.ForgeStatuses;
import dev.poros.testing.Fixtures;
import dev.poros.testing.OpenApiRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The GitHub provider against GitHub's own OpenAPI description (the subset in {@code
 * conformance/github/}): every request it makes must be one GitHub documents.
 */
class GitHubStatusesTest {
  static final JsonNode GITHUB =
      Json.JSON.readTree(Fixtures.text("conformance/github/api.github.com.subset.json"));
  static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

  /** acme/platform on the GitHub (Enterprise) the recorder stands in for. */
  static ForgeApi acmePlatform(OpenApiRecorder github) {
    return ForgeApi.github(
        URI.create(github.url()), new ForgeRepository("acme", "platform"), "ghp_t0ken");
  }

  @Test
  void everyStatusTheGitHubProviderPostsIsAWellFormedCreateCommitStatus() throws Exception {
    try (OpenApiRecorder github = new OpenApiRecorder(GITHUB, "/api/v3")) {
      StatusPublisher enterprise = new ForgeStatuses(acmePlatform(github));

      for (StatusState state : StatusState.values()) {
        enterprise.publish(
            new CommitStatus(
                SHA,
                state,
                "poros/platform",
                "1 invalid: " + "x".repeat(300),
                state == StatusState.PENDING ? "" : "https://poros.example.com/syncs/7"));
      }

      assertThat(github.calls())
          .hasSize(4)
          .allSatisfy(
              call -> {
                assertThat(call.problems()).isEmpty();
                assertThat(call.operationId()).isEqualTo("repos/create-commit-status");
                assertThat(call.path()).isEqualTo("/repos/acme/platform/statuses/" + SHA);
                assertThat(call.header("Authorization")).isEqualTo("Bearer ghp_t0ken");
                assertThat(call.header("Accept")).isEqualTo("application/vnd.github+json");
                assertThat(call.body().path("description").asString()).hasSize(140);
                assertThat(call.body().path("context").asString()).isEqualTo("poros/platform");
              });
      assertThat(github.calls())
          .extracting(call -> call.body().path("state").asString())
          .containsExactly("pending", "success", "failure", "error");
      assertThat(github.calls().get(0).body().has("target_url")).isFalse();
    }
  }

  @Test
  void theRecorderRefusesWhatGitHubDoesNotDescribeSoThatItsSilenceMeansSomething()
      throws Exception {
    try (OpenApiRecorder github = new OpenApiRecorder(GITHUB, "")) {
      HttpClient http = HttpClient.newHttpClient();
      http.send(
          HttpRequest.newBuilder(URI.create(github.url() + "/repos/a/b/statuses/" + SHA))
              .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"ok\",\"context\":1}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      http.send(
          HttpRequest.newBuilder(URI.create(github.url() + "/repos/a/b/statuses/" + SHA + "?x=1"))
              .method("PUT", HttpRequest.BodyPublishers.ofString("{}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(github.calls().get(0).problems())
          .anySatisfy(p -> assertThat(p).contains("state").contains("enum"))
          .anySatisfy(p -> assertThat(p).contains("context"));
      assertThat(github.calls().get(1).problems())
          .containsExactly("GitHub's description has no PUT /repos/a/b/statuses/" + SHA);
    }
  }

  @Test
  void aRefusalIsNotTriedAgainAndSaysWhatTheForgeSaid() {
    try (OpenApiRecorder github = new OpenApiRecorder(GITHUB, "/nowhere")) {
      StatusPublisher misplaced = new ForgeStatuses(acmePlatform(github));

      assertThatThrownBy(
              () ->
                  misplaced.publish(
                      new CommitStatus(SHA, StatusState.SUCCESS, "poros/platform", "ok", "")))
          .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("github answered 404")
          .hasMessageContaining("Not Found")
          .hasMessageNotContaining("ghp_t0ken");
    }
  }

  @Test
  void thePreviewCommentIsFoundByItsMarkerThroughDocumentedListAndCreateCalls() throws Exception {
    try (OpenApiRecorder github = new OpenApiRecorder(GITHUB, "/api/v3")) {
      ForgeComments comments = new ForgeComments(acmePlatform(github));

      comments.upsert(12, "<!-- poros-preview platform -->", "<!-- poros-preview platform -->\nok");

      assertThat(github.calls())
          .extracting(OpenApiRecorder.Call::operationId)
          .containsExactly("issues/list-comments", "issues/create-comment");
      assertThat(github.calls()).allSatisfy(call -> assertThat(call.problems()).isEmpty());
      assertThat(github.calls().get(1).body().path("body").asString())
          .isEqualTo("<!-- poros-preview platform -->\nok");
    }
  }

  @Test
  void openPullRequestsAreListedByTheDocumentedRequestWithTheirHeadsAndBases() throws Exception {
    try (OpenApiRecorder github = new OpenApiRecorder(GITHUB, "/api/v3")) {
      PullRequests pulls = new ForgePullRequests(acmePlatform(github));

      assertThat(pulls.open())
          .containsExactly(
              new PullRequest(1347, "6dcb09b5b57875f334f61aebed695e2e4193db5e", "master"));
      assertThat(pulls.headRef(1347)).isEqualTo("refs/pull/1347/head");
      assertThat(github.calls())
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.problems()).isEmpty();
                assertThat(call.operationId()).isEqualTo("pulls/list");
                assertThat(call.path()).isEqualTo("/repos/acme/platform/pulls");
                assertThat(call.header("Authorization")).isEqualTo("Bearer ghp_t0ken");
              });
    }
  }
}
