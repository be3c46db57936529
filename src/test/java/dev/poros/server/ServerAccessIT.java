package dev.poros.server;

import static dev.poros.server.Requests.form;
import static dev.poros.server.Requests.get;
import static dev.poros.server.Requests.post;
import static dev.poros.server.Requests.postWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.model.ResourceKey;
import dev.poros.schedule.Agent;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the agent's HTTP server: tokens for writes, and for reads and the dashboard beyond
 * loopback; a browser signs in; errors are JSON.
 */
class ServerAccessIT {
  static final String SECRET = "webhook-shared-secret";

  @TempDir Path tmp;

  @Test
  void withATokenWritesNeedItAndReadsStayOpen() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", AgentServerIT.compute("one")).commit("one");
      try (RunningAgent running =
          RunningAgent.of(wiring, repo, "default", SECRET, "the-token", false)) {
        Agent agent = running.agent;
        int port = running.port();

        assertThat(post(port, "/api/v1/repositories/default/sync", "", null).statusCode())
            .isEqualTo(401);
        assertThat(syncWith(port, "/api/v1/repositories/default/sync", "Bearer wrong").statusCode())
            .isEqualTo(401);
        assertThat(
                syncWith(port, "/api/v1/repositories/default/sync", "Bearer the-token")
                    .statusCode())
            .isEqualTo(202);
        assertThat(
                syncWith(port, "/api/v1/repositories/nope/sync", "Bearer the-token").statusCode())
            .isEqualTo(404);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> !wiring.stores().syncs().history(1).isEmpty() && !agent.busyFor("default"));
        assertThat(get(port, "/api/v1/resources").statusCode()).isEqualTo(200);
        assertThat(get(port, "/").statusCode()).isEqualTo(200);

        HttpResponse<String> notANumber = get(port, "/api/v1/syncs/latest");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("\"error\" : \"bad_request\"");
        HttpResponse<String> noSuchEndpoint = get(port, "/api/v1/nothing-here");
        assertThat(noSuchEndpoint.statusCode()).isEqualTo(404);
        assertThat(noSuchEndpoint.body()).contains("\"error\" : \"not_found\"");
      }
    }
  }

  static HttpResponse<String> syncWith(int port, String path, String authorization)
      throws Exception {
    return postWith(port, path, "", "Authorization", authorization);
  }

  @Test
  void beyondLoopbackReadsAndTheDashboardNeedTheTokenTooAndABrowserSignsIn() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", AgentServerIT.compute("one")).commit("one");
      try (RunningAgent running =
          RunningAgent.of(wiring, repo, "default", SECRET, "the-token", false, true)) {
        int port = running.port();

        HttpResponse<String> anonymous = get(port, "/api/v1/resources");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error\" : \"unauthorized\"");
        assertThat(
                postWith(port, "/api/v1/resources", "", "Authorization", "Bearer the-token")
                    .statusCode())
            .as("a POST to a read-only path")
            .isEqualTo(404);
        assertThat(
                Requests.HTTP
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/resources"))
                            .header("Authorization", "Bearer the-token")
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(200);
        HttpResponse<String> page = get(port, "/resources/compute:v1:c");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
            .hasValue("/login?next=%2Fresources%2Fcompute%3Av1%3Ac");
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);
        String push = "{\"ref\": \"refs/heads/main\"}";
        assertThat(
                post(
                        port,
                        "/api/v1/webhooks/github",
                        push,
                        new WebhookSignature(SECRET).sign(push.getBytes(StandardCharsets.UTF_8)))
                    .statusCode())
            .as("webhooks prove themselves with their signature")
            .isEqualTo(202);

        HttpResponse<String> wrong = form(port, "token=guess&next=%2Fresources%2Fcompute%3Av1%3Ac");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That is not the token.");
        HttpResponse<String> signedIn =
            form(port, "token=the-token&next=%2Fresources%2Fcompute%3Av1%3Ac");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/resources/compute:v1:c");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
            .startsWith("poros_session=")
            .contains("HttpOnly", "SameSite=Strict")
            .doesNotContain("the-token");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> wiring.stores().resources().get(new ResourceKey("compute:v1:c")).isPresent());
        HttpResponse<String> withCookie =
            Requests.HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/resources/compute:v1:c"))
                    .header("Cookie", cookie.split(";")[0])
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(withCookie.body()).contains("compute:v1:c");
        assertThat(
                form(port, "token=the-token&next=%2F%2Fevil.example%2F")
                    .headers()
                    .firstValue("Location"))
            .as("no redirect off this server")
            .hasValue("/");

        for (int i = 1; i < Guesses.MAX; i++) {
          assertThat(form(port, "token=guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = form(port, "token=the-token");
        assertThat(throttled.statusCode()).as("guessing is slowed").isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
      }
    }
  }

  /**
   * A raw HTTP/1.1 request from {@code from} (any 127.x address is this machine) naming the agent
   * {@code host}; the answer's status line and headers.
   */
  static String rawRequest(
      String from, int port, String host, String method, String path, String... headers)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      String body = headers.length % 2 == 1 ? headers[headers.length - 1] : "";
      StringBuilder request =
          new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n")
              .append("Connection: close\r\nContent-Length: ")
              .append(body.getBytes(StandardCharsets.UTF_8).length)
              .append("\r\n");
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      request.append("\r\n").append(body);
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
    }
  }

  /** The status a sign-in with {@code form} from {@code from} gets. */
  static int signIn(String from, int port, String form) throws IOException {
    return status(
        rawRequest(
            from,
            port,
            "127.0.0.1:" + port,
            "POST",
            "/login",
            "Content-Type",
            "application/x-www-form-urlencoded",
            form));
  }

  /** The status an API read with {@code authorization} from {@code from} gets. */
  static int bearer(String from, int port, String authorization) throws IOException {
    return status(
        rawRequest(
            from,
            port,
            "127.0.0.1:" + port,
            "GET",
            "/api/v1/resources",
            "Authorization",
            authorization));
  }

  static int status(String answer) {
    return Integer.parseInt(answer.split(" ")[1]);
  }

  @Test
  void guessingLocksOutOnlyTheGuesserRedirectsStayLocalPagesAreFencedAndForeignHostsRefused()
      throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", AgentServerIT.compute("one")).commit("one");
      try (RunningAgent guarded =
          RunningAgent.of(wiring, repo, "default", SECRET, "the-token", false, false)) {
        int port = guarded.port();
        String here = "127.0.0.1:" + port;
        for (int i = 0; i < Guesses.MAX; i++) {
          assertThat(signIn("127.0.0.2", port, "token=guess-" + i)).isEqualTo(401);
        }
        assertThat(signIn("127.0.0.2", port, "token=the-token"))
            .as("the guesser is held off, even with the right token")
            .isEqualTo(429);
        assertThat(signIn("127.0.0.1", port, "token=the-token"))
            .as("another client signs in")
            .isEqualTo(302);

        for (int i = 0; i < Guesses.MAX; i++) {
          assertThat(bearer("127.0.0.3", port, "Bearer guess-" + i)).isEqualTo(401);
        }
        assertThat(bearer("127.0.0.3", port, "Bearer the-token"))
            .as("bearer guesses are limited too")
            .isEqualTo(429);
        assertThat(bearer("127.0.0.1", port, "Bearer the-token")).isEqualTo(200);

        for (String offSite :
            List.of(
                "%2F%09%2Fevil.example",
                "%2F%2Fevil.example",
                "%2F%5Cevil.example",
                "https%3A%2F%2Fevil.example",
                "%2F%0D%0A%2Fevil.example")) {
          assertThat(form(port, "token=the-token&next=" + offSite).headers().firstValue("Location"))
              .as(offSite)
              .hasValue("/");
        }
        for (String page : List.of("/login", "/api/v1/repositories")) {
          assertThat(rawRequest("127.0.0.1", port, here, "GET", page))
              .as(page)
              .contains("Content-Security-Policy: default-src 'self'")
              .contains("X-Frame-Options: DENY")
              .contains("X-Content-Type-Options: nosniff")
              .contains("Referrer-Policy: no-referrer");
        }
      }
      try (RunningAgent open =
          RunningAgent.of(wiring, repo, "default", SECRET, null, true, false)) {
        int port = open.port();
        assertThat(
                status(
                    rawRequest(
                        "127.0.0.1",
                        port,
                        "rebound.evil.example:" + port,
                        "GET",
                        "/api/v1/resources")))
            .as("a page whose name resolves here may not read the open API")
            .isEqualTo(421);
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port)) {
          assertThat(status(rawRequest("127.0.0.1", port, host, "GET", "/api/v1/resources")))
              .as(host)
              .isEqualTo(200);
        }
      }
    }
  }
}
