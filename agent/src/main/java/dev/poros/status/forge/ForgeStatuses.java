package dev.poros.status.forge;

import dev.poros.model.Json;
import dev.poros.status.CommitStatus;
import dev.poros.status.StatusException;
import dev.poros.status.StatusPublisher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Commit statuses through the REST API GitHub and Gitea (and Forgejo) share: {@code POST
 * /repos/{owner}/{repo}/statuses/{sha}} with {@code state}, {@code context}, {@code description}
 * and {@code target_url}. They differ in where the API is and how the token is sent.
 */
public final class ForgeStatuses implements StatusPublisher {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String provider;
  private final URI api;
  private final ForgeRepository repository;
  private final Map<String, String> headers;
  private final HttpClient http;

  private ForgeStatuses(
      String provider, URI api, ForgeRepository repository, Map<String, String> headers) {
    this.provider = provider;
    this.api = api;
    this.repository = repository;
    this.headers = headers;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Gitea or Forgejo at {@code base} (its root URL; the API is under {@code /api/v1}). */
  public static ForgeStatuses gitea(URI base, ForgeRepository repository, String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "token " + token);
    return new ForgeStatuses("gitea", ForgeRepository.under(base, "api/v1"), repository, headers);
  }

  /**
   * GitHub: {@code https://api.github.com} for github.com; for GitHub Enterprise, {@code base} is
   * the server's root and the API is under {@code /api/v3}.
   */
  public static ForgeStatuses github(URI base, ForgeRepository repository, String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", "2022-11-28");
    URI api =
        base.getHost() != null && base.getHost().equals("github.com")
            ? URI.create("https://api.github.com/")
            : base.getHost() != null && base.getHost().equals("api.github.com")
                ? base
                : ForgeRepository.under(base, "api/v3");
    return new ForgeStatuses("github", api, repository, headers);
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public void publish(CommitStatus status) throws StatusException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("state", status.state().word());
    body.put("context", status.context());
    body.put("description", status.description());
    if (!status.targetUrl().isEmpty()) {
      body.put("target_url", status.targetUrl());
    }
    URI uri = api.resolve(repository.path() + "/statuses/" + status.commit());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.JSON.writeValueAsString(body)));
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
              + " to POST "
              + uri.getPath()
              + ": "
              + brief(response.body()),
          code >= 500 || code == 429);
    }
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
