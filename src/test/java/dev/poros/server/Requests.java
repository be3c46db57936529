package dev.poros.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests to an agent's HTTP server on 127.0.0.1, as the tests send them. */
final class Requests {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private Requests() {}

  static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(port, path)).build(), ofString());
  }

  /** A POST, signed with {@code X-Hub-Signature-256} unless {@code signature} is null. */
  static HttpResponse<String> post(int port, String path, String body, String signature)
      throws Exception {
    return signature == null
        ? send(port, path, body)
        : postWith(port, path, body, "X-Hub-Signature-256", signature);
  }

  static HttpResponse<String> postWith(
      int port, String path, String body, String header, String value) throws Exception {
    return send(port, path, body, header, value);
  }

  /** A POST with {@code headers} as name, value, name, value… */
  static HttpResponse<String> postWithHeaders(int port, String path, String body, String... headers)
      throws Exception {
    return send(port, path, body, headers);
  }

  /** The sign-in form, posted. */
  static HttpResponse<String> form(int port, String body) throws Exception {
    return send(port, "/login", body, "Content-Type", "application/x-www-form-urlencoded");
  }

  private static HttpResponse<String> send(int port, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(port, path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), ofString());
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
