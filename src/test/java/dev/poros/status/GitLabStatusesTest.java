package dev.poros.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Json;
import dev.poros.status.forge.ForgeApi;
import dev.poros.status.forge.ForgeComments;
import dev.poros.status.forge.ForgePullRequests;
import dev.poros.status.forge.ForgeStatuses;
import dev.poros.testing.Fixtures;
import dev.poros.testing.OpenApiRecorder;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The GitLab provider against GitLab's documented API (summarised in {@code conformance/gitlab/}):
 * a status, a new merge request note and an edit of it, nothing else.
 */
class GitLabStatusesTest {
  static final JsonNode GITLAB =
      Json.JSON.readTree(Fixtures.text("conformance/gitlab/api.gitlab.subset.json"));
  static final String SHA = "18f3e63d05582537db6d183d9d557be09e1f90c8";

  @Test
  void aStatusANewNoteAndItsEditAreExactlyTheDocumentedRequests() throws Exception {
    try (OpenApiRecorder gitlab = new OpenApiRecorder(GITLAB, "/api/v4")) {
      ForgeApi project = ForgeApi.gitlab(URI.create(gitlab.url()), "data/platform", "glpat-t0ken");

      new ForgeStatuses(project)
          .publish(
              new CommitStatus(
                  SHA,
                  StatusState.FAILURE,
                  "poros/platform",
                  "1 invalid",
                  "https://p.example/s/1"));
      new ForgeStatuses(project)
          .publish(new CommitStatus(SHA, StatusState.PENDING, "poros/platform", "syncing", ""));
      ForgeComments notes = new ForgeComments(project);
      long created =
          notes.upsert(7, "<!-- poros-preview platform -->", "<!-- poros-preview platform -->\nv1");

      assertThat(gitlab.calls()).allSatisfy(call -> assertThat(call.problems()).isEmpty());
      assertThat(gitlab.calls())
          .extracting(call -> call.method() + " " + call.path())
          .containsExactly(
              "POST /projects/data%2Fplatform/statuses/" + SHA,
              "POST /projects/data%2Fplatform/statuses/" + SHA,
              "GET /projects/data%2Fplatform/merge_requests/7/notes",
              "POST /projects/data%2Fplatform/merge_requests/7/notes");
      assertThat(gitlab.calls().get(0).body())
          .isEqualTo(
              Json.JSON.readTree(
                  "{\"state\":\"failed\",\"name\":\"poros/platform\",\"description\":\"1 invalid\","
                      + "\"target_url\":\"https://p.example/s/1\"}"));
      assertThat(gitlab.calls().get(1).body().path("state").asString()).isEqualTo("running");
      assertThat(gitlab.calls().get(0).header("PRIVATE-TOKEN")).isEqualTo("glpat-t0ken");
      assertThat(created).isEqualTo(302);
    }
  }

  @Test
  void aNoteThatIsThereIsEditedInPlace() throws Exception {
    // the documented list answers with one note: make it Poros's
    JsonNode withOurs = GITLAB.deepCopy();
    ((ObjectNode)
            withOurs.at(
                "/paths/~1projects~1{id}~1merge_requests~1{merge_request_iid}~1notes/get/responses/200/content/application~1json/example/0"))
        .put("body", "<!-- poros-preview platform -->\nv1");
    try (OpenApiRecorder gitlab = new OpenApiRecorder(withOurs, "/api/v4")) {
      ForgeComments notes =
          new ForgeComments(ForgeApi.gitlab(URI.create(gitlab.url()), "data/platform", "t"));

      long edited =
          notes.upsert(7, "<!-- poros-preview platform -->", "<!-- poros-preview platform -->\nv2");

      assertThat(edited).isEqualTo(301);
      assertThat(gitlab.calls())
          .extracting(call -> call.method() + " " + call.path())
          .containsExactly(
              "GET /projects/data%2Fplatform/merge_requests/7/notes",
              "PUT /projects/data%2Fplatform/merge_requests/7/notes/301");
      assertThat(gitlab.calls()).allSatisfy(call -> assertThat(call.problems()).isEmpty());
    }
  }

  @Test
  void openMergeRequestsAreListedByTheDocumentedRequestWithTheirHeadsAndTargets() throws Exception {
    try (OpenApiRecorder gitlab = new OpenApiRecorder(GITLAB, "/api/v4")) {
      PullRequests requests =
          new ForgePullRequests(ForgeApi.gitlab(URI.create(gitlab.url()), "data/platform", "t"));

      assertThat(requests.open())
          .containsExactly(new PullRequest(7, "8888888888888888888888888888888888888888", "main"));
      assertThat(requests.headRef(7)).isEqualTo("refs/merge-requests/7/head");
      assertThat(gitlab.calls())
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.problems()).isEmpty();
                assertThat(call.operationId())
                    .isEqualTo("merge-requests/list-project-merge-requests");
                assertThat(call.path()).isEqualTo("/projects/data%2Fplatform/merge_requests");
              });
    }
  }
}
