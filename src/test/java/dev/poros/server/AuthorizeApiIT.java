package dev.poros.server;

import static dev.poros.server.Requests.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.cli.Wiring;
import dev.poros.model.Json;
import dev.poros.model.ResourceKey;
import dev.poros.testing.TestRepo;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/authorize}: DataOS access decisions by the policies the agent synced. */
class AuthorizeApiIT {
  @TempDir Path tmp;

  @Test
  void decidesByTheSyncedAccessPoliciesAndSaysWhatIsMissing() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        Wiring wiring = new Wiring(tmp.resolve("data"), Clock.systemUTC())) {
      repo.copy(
              "conformance/dataos-docs/policy/access-nested-and-or-tags.yaml",
              "policies/nested.yaml")
          .commit("an access policy");
      try (RunningAgent running = RunningAgent.of(wiring, repo, "main-repo", null, null, true)) {
        int port = running.port();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    wiring
                        .stores()
                        .resources()
                        .get(new ResourceKey("policy:v1:subject-example2"))
                        .isPresent());

        JsonNode allowed =
            Json.JSON.readTree(
                get(
                        port,
                        "/api/v1/authorize?subject=roles:id:marketing-manager&predicate=read"
                            + "&objectTag=PII.Sensitive&objectTag=dataos:type:column")
                    .body());
        assertThat(allowed.path("allowed").asBoolean()).isTrue();
        assertThat(allowed.path("policy").asString()).isEqualTo("policy:v1:subject-example2");

        JsonNode denied =
            Json.JSON.readTree(
                get(
                        port,
                        "/api/v1/authorize?subject=roles:id:pii-reader&predicate=read"
                            + "&objectTag=PII.Sensitive,dataos:type:column")
                    .body());
        assertThat(denied.path("allowed").asBoolean()).isFalse();
        assertThat(denied.path("reason").asString()).isEqualTo("no access policy allows it");

        HttpResponse<String> incomplete = get(port, "/api/v1/authorize?subject=users:id:x");
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.body()).contains("\"error\" : \"bad_request\"");
      }
    }
  }
}
