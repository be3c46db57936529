package dev.poros.server;

import static dev.poros.server.Requests.get;
import static dev.poros.server.Requests.post;
import static dev.poros.server.Requests.postWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.model.Json;
import dev.poros.model.ResourceKey;
import dev.poros.schedule.Agent;
import dev.poros.testing.TestRepo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The agent over HTTP: a signed push syncs within a second, an unsigned one is refused; the API
 * reads.
 */
class AgentServerIT {
  static final String SECRET = "webhook-shared-secret";

  @TempDir Path tmp;

  static String compute(String purpose) {
    return "name: c\nversion: v1\ntype: compute\ncompute:\n  purpose: " + purpose + "\n";
  }

  @Test
  void aSignedPushSyncsAndAnUnsignedForgedOrOversizedOneIsRefused() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write("c.yaml", compute("one"))
          .write("d.yaml", "name: lake\nversion: v1\ntype: depot\ndepot: {type: S3}\n")
          .commit("one");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "main-repo", SECRET, null, true)) {
        Agent agent = running.agent;
        int port = running.port();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> get(port, "/readyz").statusCode() == 200);
        assertThat(get(port, "/healthz").body()).isEqualTo("ok");
        JsonNode openApi = Json.JSON.readTree(get(port, "/api/v1/openapi.json").body());
        assertThat(openApi.path("openapi").asString()).startsWith("3.");
        assertThat(openApi.path("paths").propertyNames())
            .contains(
                "/api/v1/resources", "/api/v1/webhooks/github", "/api/v1/repositories/{name}/sync");

        String head = repo.write("c.yaml", compute("two")).commit("two");
        String push = "{\"ref\": \"refs/heads/main\", \"after\": \"" + head + "\"}";
        long syncsBefore = wiring.stores().syncs().history(100).size();

        HttpResponse<String> unsigned = post(port, "/api/v1/webhooks/github", push, null);
        HttpResponse<String> forged =
            post(port, "/api/v1/webhooks/github", push, "sha256=" + "0".repeat(64));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("\"error\" : \"bad_signature\"");
        // 1 MiB exactly is read and answered; one byte more is a JSON 413, counted
        String prefix = "{\"ref\": \"refs/heads/other\", \"pad\": \"";
        String exactly = prefix + "x".repeat(Webhooks.MAX_BYTES - prefix.length() - 2) + "\"}";
        assertThat(exactly.getBytes(StandardCharsets.UTF_8)).hasSize(1024 * 1024);
        assertThat(
                post(
                        port,
                        "/api/v1/webhooks/github",
                        exactly,
                        new WebhookSignature(SECRET).sign(exactly.getBytes(StandardCharsets.UTF_8)))
                    .statusCode())
            .isEqualTo(202);
        String huge = exactly.replace("\"pad\": \"", "\"pad\": \"x");
        HttpResponse<String> tooLarge =
            post(
                port,
                "/api/v1/webhooks/github",
                huge,
                new WebhookSignature(SECRET).sign(huge.getBytes(StandardCharsets.UTF_8)));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"error\" : \"too_large\"");
        assertThat(get(port, "/metrics").body())
            .contains("poros_webhook_deliveries_total{result=\"too_large\"} 1.0");
        await()
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(4))
            .until(() -> wiring.stores().syncs().history(100).size() == syncsBefore);

        String signature = new WebhookSignature(SECRET).sign(push.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> signed = post(port, "/api/v1/webhooks/github", push, signature);
        assertThat(signed.statusCode()).isEqualTo(202);
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () ->
                    wiring
                        .stores()
                        .resources()
                        .get(new ResourceKey("compute:v1:c"))
                        .orElseThrow()
                        .commit()
                        .equals(head));

        HttpResponse<String> otherBranch =
            post(
                port,
                "/api/v1/webhooks/github",
                "{\"ref\": \"refs/heads/feature\"}",
                new WebhookSignature(SECRET)
                    .sign("{\"ref\": \"refs/heads/feature\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(otherBranch.statusCode()).isEqualTo(202);
        assertThat(otherBranch.body()).contains("\"triggered\" : [ ]");
        List<Map<String, Object>> computes =
            Json.JSON.readValue(
                get(port, "/api/v1/resources?type=compute").body(),
                new TypeReference<List<Map<String, Object>>>() {});
        assertThat(computes).extracting(r -> r.get("id")).containsExactly("compute:v1:c");
        assertThat(get(port, "/api/v1/resources").body()).contains("depot:v1:lake", "compute:v1:c");
        HttpResponse<String> missing = get(port, "/api/v1/resources/depot:v1:nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\" : \"not_found\"");
        assertThat(get(port, "/api/v1/resources/depot:v1:lake").body())
            .contains("\"events\"", "\"spec\"");

        // two syncs (the first, and the pushed one); deliveries: two refused, a 1 MiB one and two
        // more accepted, one too large
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.busyFor("main-repo"));
        String metricsText = get(port, "/metrics").body();
        assertThat(metricsText)
            .contains("poros_syncs_total{outcome=\"succeeded\",repository=\"main-repo\"} 2.0")
            .contains("poros_webhook_deliveries_total{result=\"rejected\"} 2.0")
            .contains("poros_webhook_deliveries_total{result=\"accepted\"} 3.0")
            .contains("poros_sync_duration_seconds_count{repository=\"main-repo\"} 2")
            .contains("poros_resources{health=\"Healthy\",status=\"active\"}");
      }
    }
  }

  @Test
  void theApiListsTheExampleRepositorysResourcesAndFiltersThem() throws Exception {
    try (Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC());
        RunningAgent running = RunningAgent.ofTheExample(wiring, tmp.resolve("example"))) {
      int port = running.port();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> get(port, "/readyz").statusCode() == 200 && !running.agent.busyFor("example"));

      assertThat(ids(port, "")).hasSize(9).contains("service:v1:orders-api:public");
      assertThat(ids(port, "?workspace=analytics"))
          .containsExactlyInAnyOrder(
              "workflow:v1:daily-report:analytics", "worker:v1beta:event-counter:analytics");
      assertThat(ids(port, "?type=workflow"))
          .containsExactlyInAnyOrder(
              "workflow:v1:daily-report:analytics", "workflow:v1:ingest-orders:public");
      assertThat(ids(port, "?type=workflow&workspace=public"))
          .containsExactly("workflow:v1:ingest-orders:public");
      assertThat(ids(port, "?status=active")).hasSize(9);
      assertThat(ids(port, "?status=error")).isEmpty();
      assertThat(ids(port, "?type=instance-secret&health=Healthy"))
          .containsExactly("instance-secret:v1:lakehouse-rw");
      assertThat(get(port, "/api/v1/resources/instance-secret:v1:lakehouse-rw").body())
          .contains("\"secretkey\" : \"***\"")
          .doesNotContain("example-secret-key");
    }
  }

  List<String> ids(int port, String query) throws Exception {
    return Json.JSON
        .readTree(get(port, "/api/v1/resources" + query).body())
        .findValuesAsString("id");
  }

  @Test
  void gitlabAndGenericHooksSyncAndTheApiShowsSyncsRunsAndLogs() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.write(
              "w.yaml",
              "name: hello\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n    - name: say\n      spec:\n        script: echo hello\n")
          .write(
              "deploy.yaml",
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 1}\n")
          .commit("one");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "default", SECRET, null, true)) {
        Agent agent = running.agent;
        int port = running.port();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> !agent.busyFor("default") && !wiring.stores().syncs().history(1).isEmpty());
        wiring.workflows().awaitAll();

        assertThat(
                postWith(
                        port,
                        "/api/v1/webhooks/gitlab",
                        "{\"ref\": \"refs/heads/main\"}",
                        "X-Gitlab-Token",
                        "wrong")
                    .statusCode())
            .isEqualTo(401);
        HttpResponse<String> gitlab =
            postWith(
                port,
                "/api/v1/webhooks/gitlab",
                "{\"ref\": \"refs/heads/main\"}",
                "X-Gitlab-Token",
                SECRET);
        assertThat(gitlab.statusCode()).isEqualTo(202);
        assertThat(gitlab.body()).contains("\"triggered\" : [ \"default\" ]");
        // GitHub's default content type is a form whose payload field holds the JSON
        String form =
            "payload="
                + URLEncoder.encode("{\"ref\": \"refs/heads/main\"}", StandardCharsets.UTF_8);
        HttpResponse<String> asForm =
            Requests.HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/github"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header(
                        "X-Hub-Signature-256",
                        new WebhookSignature(SECRET).sign(form.getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asForm.statusCode()).isEqualTo(202);
        assertThat(asForm.body()).contains("\"triggered\" : [ \"default\" ]");
        String main = "{\"ref\": \"refs/heads/main\"}";
        HttpResponse<String> ping =
            Requests.HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/github"))
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "ping")
                    .header(
                        "X-Hub-Signature-256",
                        new WebhookSignature(SECRET).sign(main.getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(main))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(202);
        assertThat(ping.body())
            .as("a ping is no push, whatever its body says")
            .contains("\"event\" : \"ping\"", "\"triggered\" : [ ]");
        String gitea = "{\"ref\": \"refs/heads/main\"}";
        assertThat(
                postWith(
                        port,
                        "/api/v1/webhooks/github",
                        gitea,
                        "X-Gitea-Signature",
                        new WebhookSignature(SECRET)
                            .sign(gitea.getBytes(StandardCharsets.UTF_8))
                            .substring("sha256=".length()))
                    .body())
            .as("Gitea's own signature header")
            .contains("\"triggered\" : [ \"default\" ]");
        String otherRepository =
            "{\"ref\": \"refs/heads/main\", \"repository\": {\"clone_url\": \"https://github.com/acme/other.git\"}}";
        assertThat(
                post(
                        port,
                        "/api/v1/webhooks/github",
                        otherRepository,
                        new WebhookSignature(SECRET)
                            .sign(otherRepository.getBytes(StandardCharsets.UTF_8)))
                    .body())
            .as("a push to another repository's main")
            .contains("\"triggered\" : [ ]");
        String thisRepository =
            "{\"ref\": \"refs/heads/main\", \"repository\": {\"clone_url\": \""
                + repo.dir()
                + "\"}}";
        assertThat(
                post(
                        port,
                        "/api/v1/webhooks/github",
                        thisRepository,
                        new WebhookSignature(SECRET)
                            .sign(thisRepository.getBytes(StandardCharsets.UTF_8)))
                    .body())
            .contains("\"triggered\" : [ \"default\" ]");
        String generic = "{\"repository\": \"default\"}";
        HttpResponse<String> signed =
            postWith(
                port,
                "/api/v1/webhooks/generic",
                generic,
                "X-Hub-Signature-256",
                new WebhookSignature(SECRET).sign(generic.getBytes(StandardCharsets.UTF_8)));
        assertThat(signed.statusCode()).isEqualTo(202);
        assertThat(post(port, "/api/v1/webhooks/generic", generic, null).statusCode())
            .isEqualTo(401);

        assertThat(get(port, "/api/v1/syncs/1").body())
            .contains(
                "\"results\"", "workflow:v1:hello:public", "\"created\"", "\"durationMs\" : ");
        assertThat(get(port, "/api/v1/syncs/999").statusCode()).isEqualTo(404);
        assertThat(get(port, "/api/v1/workflows/workflow:v1:hello:public/runs").body())
            .contains("\"state\" : \"succeeded\"", "\"node\" : \"say\"");
        assertThat(get(port, "/api/v1/runs/1/logs").body()).contains("\"say\" : \"hello\\n\"");
        assertThat(get(port, "/api/v1/runs/99/logs").statusCode()).isEqualTo(404);
        HttpResponse<String> kubernetesObject =
            get(port, "/api/v1/resources/apps/Deployment:shop:web");
        assertThat(kubernetesObject.statusCode()).as("an id with a slash").isEqualTo(200);
        assertThat(kubernetesObject.body()).contains("\"id\" : \"apps/Deployment:shop:web\"");
        assertThat(get(port, "/resources/apps/Deployment:shop:web").statusCode()).isEqualTo(200);
      }
    }
  }
}
