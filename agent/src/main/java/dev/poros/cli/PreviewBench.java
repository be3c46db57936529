package dev.poros.cli;

import dev.poros.model.Json;
import dev.poros.reconcile.Trigger;
import dev.poros.schedule.Agent;
import dev.poros.schedule.PreviewRequests;
import dev.poros.schedule.Previews;
import dev.poros.schedule.WatchedRepository;
import dev.poros.server.AgentServer;
import dev.poros.server.Gate;
import dev.poros.server.Metrics;
import dev.poros.server.ServerLimits;
import dev.poros.source.GitCredentials;
import dev.poros.source.RepoSpec;
import dev.poros.status.PullRequest;
import dev.poros.status.StatusSettings;
import dev.poros.store.PreviewRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import tools.jackson.databind.JsonNode;

/**
 * {@code poros bench --previews}: on a Gitea, a repository of {@code files} generated manifests
 * followed by an agent in this process; each round opens a pull request that changes one file and
 * then pushes to it, and times Gitea's pull request webhook reaching the agent until Poros's
 * comment is posted (and then edited), and the same from the pull request's creation as the user
 * sees it.
 */
final class PreviewBench {
  private static final String SECRET = "bench-preview-secret";
  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private final URI forge;
  private final String token;
  private final int files;
  private final int rounds;
  private final HttpClient http = HttpClient.newHttpClient();

  PreviewBench(URI forge, String token, int files, int rounds) {
    this.forge = forge;
    this.token = token;
    this.files = files;
    this.rounds = rounds;
  }

  /** One round's times, in ms. */
  record Round(long openedToComment, long webhookToComment, long pushToEdit, long webhookToEdit) {}

  /** When the webhooks asked for a preview: what the bench times from. */
  private static final class Arrivals implements PreviewRequests {
    private final PreviewRequests previews;
    private volatile long lastNanos;

    Arrivals(PreviewRequests previews) {
      this.previews = previews;
    }

    @Override
    public boolean previews(String repository) {
      return previews.previews(repository);
    }

    @Override
    public void preview(String repository, PullRequest pull) {
      lastNanos = System.nanoTime();
      previews.preview(repository, pull);
    }

    @Override
    public void closed(String repository, long number) {
      previews.closed(repository, number);
    }
  }

  void run(Path work, PrintWriter out) throws Exception {
    String owner = api("GET", "/user", null, 200).path("login").asString();
    String name = "poros-bench-" + UUID.randomUUID().toString().substring(0, 8);
    api("POST", "/user/repos", Map.of("name", name, "default_branch", "main"), 201);
    String cloneUrl = forge.resolve("/" + owner + "/" + name + ".git").toString();
    UsernamePasswordCredentialsProvider pushAs =
        new UsernamePasswordCredentialsProvider(owner, token);
    Path repoDir = work.resolve("repo");
    try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call();
        Wiring wiring = new Wiring(work.resolve("data"), Clock.systemUTC())) {
      for (int i = 0; i < files; i++) {
        BenchCommand.write(
            repoDir.resolve("m" + (i % 20) + "/r" + i + ".yaml"),
            BenchCommand.manifest(i, "echo run"));
      }
      BenchCommand.commit(git, "generated");
      git.push().setRemote(cloneUrl).add("main").setCredentialsProvider(pushAs).call();

      WatchedRepository watched =
          new WatchedRepository(
                  "bench",
                  RepoSpec.of(cloneUrl, "main", "")
                      .withCredentials(new GitCredentials(owner, token)),
                  Duration.ofHours(1),
                  "local")
              .withStatus(new StatusSettings("gitea", forge.toString(), token, null, null, null));
      Agent agent = new Agent(List.of(watched), wiring::reconciler, Clock.systemUTC());
      Previews previews = wiring.previews(agent);
      Arrivals arrivals = new Arrivals(previews);
      AgentServer server =
          new AgentServer(
                  agent,
                  wiring.stores(),
                  new Metrics(wiring.stores()),
                  Gate.open(),
                  SECRET,
                  () -> true,
                  repository -> Optional.empty(),
                  arrivals,
                  ServerLimits.DEFAULTS)
              .start("127.0.0.1", 0);
      try {
        agent.trigger("bench", Trigger.API);
        Thread.sleep(50);
        while (agent.busyFor("bench")) {
          Thread.sleep(5);
        }
        api(
            "POST",
            "/repos/" + owner + "/" + name + "/hooks",
            Map.of(
                "type",
                "gitea",
                "active",
                true,
                "events",
                List.of("pull_request"),
                "config",
                Map.of(
                    "url",
                    "http://127.0.0.1:" + server.port() + "/api/v1/webhooks/github",
                    "content_type",
                    "json",
                    "secret",
                    SECRET)),
            201);
        List<Round> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          String branch = "change-" + round;
          git.checkout().setCreateBranch(true).setName(branch).setStartPoint("main").call();
          BenchCommand.write(
              repoDir.resolve("m1/r1.yaml"), BenchCommand.manifest(1, "echo pr " + round));
          String head = BenchCommand.commit(git, "change " + round);
          git.push().setRemote(cloneUrl).add(branch).setCredentialsProvider(pushAs).call();
          long number = openPullRequest(owner, name, branch);
          long opened = System.nanoTime();
          long commented = awaitComment(wiring, number, head);
          long openedToComment = (commented - opened) / 1_000_000;
          long webhookToComment = (commented - arrivals.lastNanos) / 1_000_000;

          BenchCommand.write(
              repoDir.resolve("m2/r2.yaml"), BenchCommand.manifest(2, "echo pr " + round));
          String next = BenchCommand.commit(git, "more " + round);
          long pushed = System.nanoTime();
          git.push().setRemote(cloneUrl).add(branch).setCredentialsProvider(pushAs).call();
          long edited = awaitComment(wiring, number, next);
          results.add(
              new Round(
                  openedToComment,
                  webhookToComment,
                  (edited - pushed) / 1_000_000,
                  (edited - arrivals.lastNanos) / 1_000_000));
          git.checkout().setName("main").call();
        }
        out.printf(
            "poros bench --previews: %d manifests on %s, %d rounds, median (min-max) ms%n",
            files, forge, rounds);
        BenchCommand.print(
            out,
            "pull request opened (API answered) to comment posted",
            results,
            Round::openedToComment);
        BenchCommand.print(
            out, "its webhook received to comment posted", results, Round::webhookToComment);
        BenchCommand.print(
            out, "push to the pull request to comment edited", results, Round::pushToEdit);
        BenchCommand.print(
            out, "its webhook received to comment edited", results, Round::webhookToEdit);
        out.flush();
      } finally {
        server.close();
        previews.close();
        agent.close();
        api("DELETE", "/repos/" + owner + "/" + name, null, 204);
      }
    }
  }

  /** Gitea takes a moment to register a pushed branch: until then a pull request is a 404. */
  private long openPullRequest(String owner, String name, String branch) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      HttpResponse<String> answer =
          send("POST", "/repos/" + owner + "/" + name + "/pulls", pull(branch));
      if (answer.statusCode() == 201) {
        return Json.parse(answer.body()).path("number").asLong();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Gitea did not open the pull request: " + answer.body());
      }
      Thread.sleep(20);
    }
  }

  private static Map<String, Object> pull(String branch) {
    return Map.of("head", branch, "base", "main", "title", "bench " + branch);
  }

  /** Waits until the preview of {@code head} has its comment on the forge; returns when. */
  private static long awaitComment(Wiring wiring, long number, String head) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      Optional<PreviewRecord> preview = wiring.stores().previews().get("bench", number);
      if (preview.isPresent()
          && preview.get().headSha().equals(head)
          && preview.get().commentId() != null
          && preview.get().error().isEmpty()) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no preview comment for " + head + " within a minute: " + preview);
      }
      Thread.sleep(2);
    }
  }

  private JsonNode api(String method, String path, Object body, int expected) throws Exception {
    HttpResponse<String> answer = send(method, path, body);
    if (answer.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer.body().isBlank() ? Json.JSON.nullNode() : Json.parse(answer.body());
  }

  private HttpResponse<String> send(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(forge.resolve("/api/v1" + path))
            .header("Authorization", "token " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Json.JSON.writeValueAsString(body)));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
