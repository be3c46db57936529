package dev.poros.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.poros.model.Json;
import dev.poros.testing.ForgeServer;
import dev.poros.testing.ForgeServer.Forge;
import dev.poros.testing.Hmac;
import dev.poros.testing.TestRepo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The test suite's forge is a real Gitea: its API, Git over HTTP, signed webhooks, statuses. */
@Tag("infra")
@ExtendWith(ForgeServer.class)
class ForgeIT {
  @TempDir Path tmp;

  /** A webhook delivery as it arrived: its headers and raw body. */
  record Delivery(Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  @Test
  void aPushOverHttpReachesASignedWebhookAndACommitStatusReadsBack(Forge forge) throws Exception {
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          deliveries.add(
              new Delivery(exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    listener.start();
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      String name = forge.repository();
      forge.addWebhook(
          name,
          "http://127.0.0.1:" + listener.getAddress().getPort() + "/hook",
          "hook-secret",
          "push");

      String commit = repo.write("a.yaml", "name: a\n").commit("first");
      forge.push(repo, name, "main");

      await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries.isEmpty());
      Delivery push = deliveries.get(0);
      assertThat(push.header("X-Gitea-Event")).isEqualTo("push");
      assertThat("sha256=" + push.header("X-Gitea-Signature"))
          .isEqualTo(Hmac.githubSignature("hook-secret", push.body()));
      JsonNode payload = Json.parse(push.body());
      assertThat(payload.path("after").asString()).isEqualTo(commit);
      assertThat(payload.path("ref").asString()).isEqualTo("refs/heads/main");

      String statuses = "/repos/" + forge.owner() + "/" + name + "/statuses/" + commit;
      forge.api(
          "POST",
          statuses,
          Map.of(
              "state", "success",
              "context", "poros/test",
              "description", "synced",
              "target_url", "http://127.0.0.1/syncs/1"),
          201);
      JsonNode read =
          forge.api(
              "GET",
              "/repos/" + forge.owner() + "/" + name + "/commits/" + commit + "/statuses",
              null,
              200);
      assertThat(read).hasSize(1);
      assertThat(read.get(0).path("status").asString()).isEqualTo("success");
      assertThat(read.get(0).path("context").asString()).isEqualTo("poros/test");
      JsonNode combined =
          forge.api(
              "GET",
              "/repos/" + forge.owner() + "/" + name + "/commits/" + commit + "/status",
              null,
              200);
      assertThat(combined.path("state").asString()).isEqualTo("success");
    } finally {
      listener.stop(0);
    }
  }
}
