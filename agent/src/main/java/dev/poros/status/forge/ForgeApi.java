package dev.poros.status.forge;

import dev.poros.model.Json;
import dev.poros.status.StatusException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One repository's REST API on GitHub or Gitea/Forgejo, which share their paths ({@code
 * /repos/{owner}/{repo}/…}) and differ in where the API is, how the token goes, and how a page of a
 * list is asked for; or on GitLab, whose project paths ({@code /projects/{url-encoded path}/…})
 * differ too. Failures come back as {@link StatusException}s: retryable for a network error, a 5xx
 * or a 429, not for another refusal; never with the token.
 */
public final class ForgeApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Entries asked for per page of a list. */
  private static final int PAGE = 50;

  private final String provider;
  private final URI api;
  private final String repositoryPath;
  private final Map<String, String> headers;
  private final String pageSize;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private ForgeApi(
      String provider,
      URI api,
      String repositoryPath,
      Map<String, String> headers,
      String pageSize) {
    this.provider = provider;
    this.api = api;
    this.repositoryPath = repositoryPath;
    this.headers = headers;
    this.pageSize = pageSize;
  }

  /** Gitea or Forgejo at {@code base} (its root URL; the API is under {@code /api/v1}). */
  public static ForgeApi gitea(URI base, ForgeRepository repository, String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "token " + token);
    return new ForgeApi(
        "gitea", ForgeRepository.under(base, "api/v1"), repository.path(), headers, "limit");
  }

  /**
   * GitHub: {@code https://api.github.com} for github.com; for GitHub Enterprise, {@code base} is
   * the server's root and the API is under {@code /api/v3}.
   */
  public static ForgeApi github(URI base, ForgeRepository repository, String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", "2022-11-28");
    String host = base.getHost() == null ? "" : base.getHost();
    URI api =
        host.equals("github.com")
            ? URI.create("https://api.github.com/")
            : host.equals("api.github.com") ? base : ForgeRepository.under(base, "api/v3");
    return new ForgeApi("github", api, repository.path(), headers, "per_page");
  }

  /**
   * GitLab (gitlab.com or self-hosted at {@code base}; the API is under {@code /api/v4}), the
   * project by its path ({@code group/subgroup/project}) or numeric id.
   */
  public static ForgeApi gitlab(URI base, String project, String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("PRIVATE-TOKEN", token);
    return new ForgeApi(
        "gitlab",
        ForgeRepository.under(base, "api/v4"),
        "projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8),
        headers,
        "per_page");
  }

  boolean isGitLab() {
    return provider.equals("gitlab");
  }

  public String provider() {
    return provider;
  }

  /**
   * Every entry of the list at {@code path} under the repository ({@code /pulls?state=open}), page
   * after page until a page comes back short.
   */
  List<JsonNode> list(String path) throws StatusException {
    List<JsonNode> all = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    for (int page = 1; ; page++) {
      JsonNode listed =
          call("GET", path + separator + pageSize + "=" + PAGE + "&page=" + page, null);
      listed.forEach(all::add);
      if (listed.size() < PAGE) {
        return all;
      }
    }
  }

  /**
   * {@code method} on {@code path} under the repository ({@code /statuses/SHA}), with {@code body}
   * as JSON (null: none); the answer's JSON ({@code {}} when it has none).
   */
  JsonNode call(String method, String path, Map<String, ?> body) throws StatusException {
    URI uri = api.resolve(repositoryPath + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Json.JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StatusException(provider + " at " + api + " cannot be reached: " + e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusException("interrupted", false);
    }
    int code = response.statusCode();
    if (code / 100 != 2) {
      throw new StatusException(
          provider
              + " answered "
              + code
              + " to "
              + method
              + " "
              + uri.getPath()
              + ": "
              + brief(response.body()),
          code >= 500 || code == 429);
    }
    String text = response.body() == null ? "" : response.body().strip();
    return text.isEmpty() ? Json.JSON.createObjectNode() : Json.parse(text);
  }

  /** The forge's own message, short (a whole HTML error page helps no one). */
  private static String brief(String body) {
    String text = body == null ? "" : body.strip();
    try {
      String message = Json.parse(text).path("message").asString("");
      if (!message.isEmpty()) {
        return message;
      }
    } catch (RuntimeException notJson) {
      // as it came
    }
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
