package dev.poros.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poros.cli.Wiring;
import dev.poros.schedule.Agent;
import dev.poros.schedule.PreviewRequests;
import dev.poros.schedule.WatchedRepository;
import dev.poros.source.RepoSpec;
import dev.poros.status.PullRequest;
import dev.poros.testing.Hmac;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull request webhooks reach the previews through the real endpoints, signed as pushes are: every
 * GitHub pull_request example (opened, reopened, synchronize and ready_for_review preview its head,
 * closed closes it, the rest do nothing), and GitLab's Merge Request Hook.
 */
class PullRequestWebhooksIT {
  static final String SECRET = "pr-secret";

  @TempDir Path tmp;

  /** What the webhooks asked of the previews, as lines. */
  static final class Recorded implements PreviewRequests {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public boolean previews(String repository) {
      return true;
    }

    @Override
    public void preview(String repository, PullRequest pull) {
      asked.add(
          "preview "
              + repository
              + " #"
              + pull.number()
              + " "
              + pull.headSha()
              + " into "
              + pull.baseBranch());
    }

    @Override
    public void closed(String repository, long number) {
      asked.add("close " + repository + " #" + number);
    }
  }

  @Test
  void everyGitHubExampleAndGitLabsMergeRequestHookAskWhatTheirActionMeans() throws Exception {
    Recorded previews = new Recorded();
    try (Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC());
        Agent agent =
            new Agent(
                List.of(
                    new WatchedRepository(
                        "hello",
                        RepoSpec.of("https://github.com/Codertocat/Hello-World.git", "master", ""),
                        Duration.ofHours(1),
                        "local"),
                    new WatchedRepository(
                        "platform",
                        RepoSpec.of("https://gitlab.example.com/data/platform.git", "main", ""),
                        Duration.ofHours(1),
                        "local")),
                wiring::reconciler,
                Clock.systemUTC());
        AgentServer server =
            new AgentServer(
                    agent,
                    wiring.stores(),
                    new Metrics(wiring.stores()),
                    Gate.open(),
                    SECRET,
                    () -> true,
                    repository -> Optional.empty(),
                    previews,
                    ServerLimits.DEFAULTS)
                .start("127.0.0.1", 0)) {
      for (Path example : ForgeEventTest.examples("pull_request")) {
        String action = example.getFileName().toString().split("\\.")[1];
        String body = Files.readString(example);
        var payload = ForgeEventTest.read(example);
        previews.asked.clear();

        var answer =
            Requests.postWithHeaders(
                server.port(),
                "/api/v1/webhooks/github",
                body,
                "X-GitHub-Event",
                "pull_request",
                "X-Hub-Signature-256",
                Hmac.githubSignature(SECRET, body),
                "Content-Type",
                "application/json");

        assertThat(answer.statusCode()).as(example.toString()).isEqualTo(202);
        long number = payload.path("number").asLong();
        String head = payload.at("/pull_request/head/sha").asString();
        assertThat(previews.asked)
            .as(example.toString())
            .isEqualTo(
                switch (action) {
                  case "opened", "reopened", "synchronize", "ready_for_review" ->
                      List.of("preview hello #" + number + " " + head + " into master");
                  case "closed" -> List.of("close hello #" + number);
                  default -> List.of();
                });
      }

      previews.asked.clear();
      String hook =
          "{\"object_kind\":\"merge_request\",\"object_attributes\":{\"iid\":9,\"action\":"
              + "\"update\",\"source_branch\":\"feature\",\"target_branch\":\"main\","
              + "\"last_commit\":{\"id\":\"cd\"}},\"project\":{\"git_http_url\":"
              + "\"https://gitlab.example.com/data/platform.git\"}}";
      var answer =
          Requests.postWithHeaders(
              server.port(),
              "/api/v1/webhooks/gitlab",
              hook,
              "X-Gitlab-Event",
              "Merge Request Hook",
              "X-Gitlab-Token",
              SECRET);
      assertThat(answer.statusCode()).isEqualTo(202);
      assertThat(previews.asked).containsExactly("preview platform #9 cd into main");

      previews.asked.clear();
      String elsewhere =
          hook.replace("\"target_branch\":\"main\"", "\"target_branch\":\"release\"");
      Requests.postWithHeaders(
          server.port(),
          "/api/v1/webhooks/gitlab",
          elsewhere,
          "X-Gitlab-Event",
          "Merge Request Hook",
          "X-Gitlab-Token",
          SECRET);
      assertThat(previews.asked).as("a request into a branch no one follows").isEmpty();

      previews.asked.clear();
      String unsigned = Files.readString(ForgeEventTest.examples("pull_request").get(0));
      var refused =
          Requests.postWithHeaders(
              server.port(),
              "/api/v1/webhooks/github",
              unsigned,
              "X-GitHub-Event",
              "pull_request",
              "X-Hub-Signature-256",
              Hmac.githubSignature("not-the-secret", unsigned));
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(previews.asked).as("an unproven delivery asks nothing").isEmpty();
    }
  }
}
