package dev.poros.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.model.Json;
import dev.poros.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every real GitHub push and pull_request example payload (conformance/github/webhooks/). */
class ForgeEventTest {
  static final Path EXAMPLES =
      Fixtures.PROJECT.resolve("src/test/resources/conformance/github/webhooks");

  static List<Path> examples(String event) throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(event + "."))
          .sorted()
          .toList();
    }
  }

  static JsonNode read(Path file) throws IOException {
    return Json.JSON.readTree(Files.readString(file));
  }

  @Test
  void everyPushExampleGivesItsRefCommitAndRepository() throws IOException {
    List<Path> pushes = examples("push");
    assertThat(pushes).hasSize(7);
    for (Path file : pushes) {
      JsonNode payload = read(file);
      ForgeEvent.Push push = ForgeEvent.push(payload);
      assertThat(push.ref()).as(file.toString()).isEqualTo(payload.path("ref").asString());
      assertThat(push.after()).as(file.toString()).matches("[0-9a-f]{40}");
      assertThat(push.repositoryUrls())
          .as(file.toString())
          .contains("https://github.com/Codertocat/Hello-World.git");
      if (push.ref().startsWith("refs/tags/")) {
        assertThat(push.branch()).as("a tag is no branch").isEmpty();
      } else {
        assertThat(push.branch()).isEqualTo("master");
      }
      assertThat(push.deleted()).isEqualTo(payload.path("deleted").asBoolean());
    }
  }

  @Test
  void everyPullRequestExampleGivesItsNumberHeadBaseAndWhatItMeansForAPreview() throws IOException {
    List<Path> pulls = examples("pull_request");
    assertThat(pulls).hasSize(29);
    for (Path file : pulls) {
      String action = file.getFileName().toString().split("\\.")[1];
      ForgeEvent.PullRequest pull = ForgeEvent.pullRequest(read(file));
      assertThat(pull.action()).as(file.toString()).isEqualTo(action);
      assertThat(pull.number()).as(file.toString()).isPositive();
      assertThat(pull.headSha()).as(file.toString()).matches("[0-9a-f]{40}");
      assertThat(pull.headBranch()).as(file.toString()).isNotEmpty();
      assertThat(pull.baseBranch()).as(file.toString()).isNotEmpty();
      assertThat(pull.previewAction())
          .as(file.toString())
          .isEqualTo(
              switch (action) {
                case "opened", "reopened", "synchronize", "ready_for_review" ->
                    ForgeEvent.PreviewAction.PREVIEW;
                case "closed" -> ForgeEvent.PreviewAction.CLOSE;
                default -> ForgeEvent.PreviewAction.NONE;
              });
    }
  }

  @Test
  void giteasSynchronizedAndGitLabsMergeRequestHookMeanTheSame() {
    JsonNode gitea =
        Json.JSON.readTree(
            "{\"action\":\"synchronized\",\"number\":4,\"pull_request\":{\"number\":4,"
                + "\"head\":{\"sha\":\"ab\",\"ref\":\"feature\"},\"base\":{\"ref\":\"main\"}}}");
    JsonNode gitlab =
        Json.JSON.readTree(
            "{\"object_kind\":\"merge_request\",\"object_attributes\":{\"iid\":9,\"action\":"
                + "\"update\",\"source_branch\":\"feature\",\"target_branch\":\"main\","
                + "\"last_commit\":{\"id\":\"cd\"}},\"project\":{\"git_http_url\":"
                + "\"https://gitlab.example.com/data/platform.git\"}}");

    assertThat(ForgeEvent.pullRequest(gitea))
        .isEqualTo(
            new ForgeEvent.PullRequest(4, "synchronized", "ab", "feature", "main", List.of()));
    assertThat(ForgeEvent.pullRequest(gitea).previewAction())
        .isEqualTo(ForgeEvent.PreviewAction.PREVIEW);
    assertThat(ForgeEvent.pullRequest(gitlab))
        .isEqualTo(
            new ForgeEvent.PullRequest(
                9,
                "update",
                "cd",
                "feature",
                "main",
                List.of("https://gitlab.example.com/data/platform.git")));
  }
}
