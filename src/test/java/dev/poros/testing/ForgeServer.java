package dev.poros.testing;

import dev.poros.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import tools.jackson.databind.JsonNode;

/**
 * The real Git forge of {@code src/test/infra/forge-up} (Gitea, SQLite, an admin and a token) as a
 * JUnit 5 extension: started once per test JVM, shared by every test class that uses it, stopped
 * when the run ends (or the JVM is interrupted). Each test class gets a {@link Forge} with a
 * repository of its own.
 */
public final class ForgeServer implements ParameterResolver {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ForgeServer.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Forge.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    InfraScript.Started running =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(
                InfraScript.Started.class,
                k -> InfraScript.Started.start("forge-up", "forge"),
                InfraScript.Started.class);
    ExtensionContext classContext = InfraScript.classContext(context);
    Class<?> testClass = classContext.getRequiredTestClass();
    return classContext
        .getStore(STORE)
        .getOrComputeIfAbsent(Forge.class, k -> Forge.forClass(running, testClass), Forge.class);
  }

  /** What one test class gets: the forge's address and token, and a repository of its own. */
  public static final class Forge {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final InfraScript.Started running;
    private final String repository;

    private Forge(InfraScript.Started running, String repository) {
      this.running = running;
      this.repository = repository;
    }

    static Forge forClass(InfraScript.Started running, Class<?> testClass) {
      Forge forge = new Forge(running, InfraScript.nameFor(testClass));
      forge.createRepository(forge.repository);
      return forge;
    }

    public String url() {
      return running.get("FORGE_URL");
    }

    /** An API token of the admin user, with every scope. */
    public String token() {
      return running.get("FORGE_TOKEN");
    }

    public String owner() {
      return running.get("FORGE_USER");
    }

    /** This test class's repository (empty until something is pushed to it). */
    public String repository() {
      return repository;
    }

    /** The clone URL of {@code name} over HTTP. */
    public String cloneUrl(String name) {
      return url() + "/" + owner() + "/" + name + ".git";
    }

    /** Creates an empty repository {@code name} owned by the admin user. */
    public JsonNode createRepository(String name) {
      return api("POST", "/user/repos", Map.of("name", name, "default_branch", "main"), 201);
    }

    /** A signed JSON webhook (Gitea's kind) of {@code name} for {@code events}, to {@code url}. */
    public void addWebhook(String name, String url, String secret, String... events) {
      api(
          "POST",
          "/repos/" + owner() + "/" + name + "/hooks",
          Map.of(
              "type",
              "gitea",
              "active",
              true,
              "events",
              List.of(events),
              "config",
              Map.of("url", url, "content_type", "json", "secret", secret)),
          201);
    }

    /**
     * Opens a pull request of {@code name} from {@code head} into {@code base}; returns its number.
     * Gitea registers a pushed branch a moment after the push: until then a pull request from it is
     * a 404, so the request is tried again for a while.
     */
    public long openPullRequest(String name, String head, String base) {
      AtomicLong number = new AtomicLong();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  number.set(
                      api(
                              "POST",
                              "/repos/" + owner() + "/" + name + "/pulls",
                              Map.of("head", head, "base", base, "title", "change from " + head),
                              201)
                          .path("number")
                          .asLong()));
      return number.get();
    }

    /**
     * Every status the forge holds for {@code sha} of {@code name} under {@code context}, oldest
     * first.
     */
    public List<JsonNode> commitStatuses(String name, String sha, String context) {
      List<JsonNode> ours = new ArrayList<>();
      api(
              "GET",
              "/repos/" + owner() + "/" + name + "/commits/" + sha + "/statuses?limit=50",
              null,
              200)
          .forEach(
              s -> {
                if (s.path("context").asString().equals(context)) {
                  ours.add(s);
                }
              });
      ours.sort(Comparator.comparingLong(s -> s.path("id").asLong()));
      return ours;
    }

    /** Pushes {@code branch} of a local repository to {@code name} on the forge. */
    public void push(TestRepo repo, String name, String branch) {
      try (Git git = Git.open(repo.dir().toFile())) {
        git.push()
            .setRemote(cloneUrl(name))
            .add(branch)
            .setForce(true)
            .setCredentialsProvider(new UsernamePasswordCredentialsProvider(owner(), token()))
            .call();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GitAPIException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * A call to the forge's REST API ({@code /api/v1} + {@code path}) as the admin; fails unless it
     * answers {@code expected}.
     */
    public JsonNode api(String method, String path, Object body, int expected) {
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(url() + "/api/v1" + path))
                .header("Authorization", "token " + token())
                .header("Accept", "application/json");
        if (body == null) {
          request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
          request
              .header("Content-Type", "application/json")
              .method(
                  method, HttpRequest.BodyPublishers.ofString(Json.JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response =
            HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
          throw new AssertionError(
              method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? Json.JSON.nullNode() : Json.parse(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
