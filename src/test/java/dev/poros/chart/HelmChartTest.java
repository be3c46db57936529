package dev.poros.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.poros.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chart (issue 18) through Helm itself (helm-java embeds it): lint and template pass with the
 * default values and with each toggle; the values schema refuses a bad value by its path; no
 * rendered ConfigMap or annotation carries a secret value, only where the mounted Secrets are.
 */
class HelmChartTest {
  static final Path CHART = Path.of("charts/poros");

  @TempDir Path tmp;

  /** Each toggle as the values it sets (dotted paths), and a kind it must render. */
  static final List<Map<String, Object>> TOGGLES =
      List.of(
          Map.of("rbac.clusterWide", true),
          Map.of("rbac.namespaces[0]", "sales", "rbac.namespaces[1]", "marketing"),
          Map.of("rbac.create", false),
          Map.of("serviceAccount.create", false, "serviceAccount.name", "poros-agent"),
          Map.of("ingress.enabled", true, "ingress.host", "poros.example.com"),
          Map.of(
              "ingress.enabled",
              true,
              "ingress.host",
              "poros.example.com",
              "ingress.tlsSecret",
              "tls"),
          Map.of("metrics.serviceMonitor", true, "metrics.annotations", false),
          Map.of("persistence.existingClaim", "poros-data"),
          Map.of("secrets.webhook.name", "webhook", "secrets.authToken.name", "token"),
          Map.of("status.provider", "gitea", "secrets.forgeToken.name", "forge"),
          // helm --set on a list element replaces it whole: the repository is given again
          Map.of(
              "repositories[0].name",
              "platform",
              "repositories[0].url",
              "https://git.example.com/p.git",
              "repositories[0].credentialsSecret",
              "git",
              "repositories[0].username",
              "bot"),
          Map.of(
              "repositories[0].name",
              "platform",
              "repositories[0].url",
              "https://git.example.com/p.git",
              "repositories[0].executor",
              "local"),
          Map.of("policies.disable[0]", "resources-have-owner"),
          Map.of("leaderElection.enabled", false));

  @Test
  void lintAndTemplatePassWithTheDefaultsAndWithEachToggle() throws IOException {
    LintResult defaults = new Helm(CHART).lint().strict().call();
    assertThat(defaults.isFailed()).as(String.join("\n", defaults.getMessages())).isFalse();
    List<JsonNode> rendered = render(Map.of());
    assertThat(kinds(rendered))
        .contains(
            "ServiceAccount",
            "ConfigMap",
            "PersistentVolumeClaim",
            "Service",
            "Deployment",
            "Role",
            "RoleBinding")
        .doesNotContain("ClusterRole", "Ingress", "ServiceMonitor");
    JsonNode deployment = only(rendered, "Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/strategy/type").asString()).isEqualTo("Recreate");
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.path("image").asString()).isEqualTo("poros:0.1.0-SNAPSHOT");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/capabilities/drop/0").asString()).isEqualTo("ALL");
    assertThat(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean())
        .isTrue();

    for (Map<String, Object> toggle : TOGGLES) {
      LintResult lint = new Helm(chartWith(toggle)).lint().strict().call();
      assertThat(lint.isFailed()).as(toggle + ": " + lint.getMessages()).isFalse();
      assertThat(render(toggle)).as(toggle.toString()).isNotEmpty();
    }
    assertThat(kinds(render(TOGGLES.get(0)))).contains("ClusterRole", "ClusterRoleBinding");
    assertThat(render(TOGGLES.get(1)))
        .filteredOn(d -> d.path("kind").asString().equals("Role"))
        .extracting(d -> d.at("/metadata/namespace").asString())
        .contains("sales", "marketing", "poros");
    assertThat(kinds(render(TOGGLES.get(4)))).contains("Ingress");
    assertThat(kinds(render(TOGGLES.get(6)))).contains("ServiceMonitor");
    assertThat(kinds(render(TOGGLES.get(7)))).doesNotContain("PersistentVolumeClaim");
    // the Lease: named in poros.yaml, and a Role for that Lease alone (but create) — unless off
    JsonNode config =
        Json.YAML.readTree(only(rendered, "ConfigMap").at("/data/poros.yaml").asString());
    assertThat(config.path("lease").toString())
        .isEqualTo("{\"namespace\":\"poros\",\"name\":\"poros\",\"duration\":\"15s\"}");
    assertThat(rendered)
        .filteredOn(d -> d.at("/metadata/name").asString().equals("poros-lease"))
        .extracting(d -> d.path("kind").asString())
        .containsExactlyInAnyOrder("Role", "RoleBinding");
    assertThat(render(TOGGLES.get(TOGGLES.size() - 1)))
        .noneMatch(d -> d.at("/metadata/name").asString().equals("poros-lease"))
        .noneMatch(d -> d.at("/data/poros.yaml").asString("").contains("lease:"));
  }

  @Test
  void theValuesSchemaRefusesABadValueByItsPath() {
    assertThatThrownBy(() -> render(Map.of("service.port", "http")))
        .hasMessageContaining("service.port")
        .hasMessageContaining("integer");
    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "repositories[0].name", "p",
                        "repositories[0].url", "/r",
                        "repositories[0].executor", "docker")))
        .hasMessageContaining("executor");
    // a secret's value has nowhere to go: only names of existing Secrets are values
    assertThatThrownBy(() -> render(Map.of("secrets.webhook.value", "s3cr3t")))
        .hasMessageContaining("value");
    // the agent refuses to listen beyond loopback without its token: no chart without one
    assertThatThrownBy(() -> render(Map.of("secrets.authToken.name", "")))
        .hasMessageContaining("authToken");
  }

  @Test
  void noConfigMapOrAnnotationHoldsASecretOnlyWhereTheMountedSecretsAre() throws IOException {
    List<JsonNode> rendered =
        render(
            Map.of(
                "secrets.webhook.name", "poros-webhook",
                "secrets.authToken.name", "poros-token",
                "secrets.forgeToken.name", "poros-forge",
                "status.provider", "github",
                "repositories[0].name", "platform",
                "repositories[0].url", "https://git.example.com/p.git",
                "repositories[0].credentialsSecret", "poros-git",
                "repositories[0].username", "bot"));
    JsonNode config =
        Json.YAML.readTree(only(rendered, "ConfigMap").at("/data/poros.yaml").asString());
    assertThat(config.path("webhookSecret").toString())
        .isEqualTo("{\"file\":\"/etc/poros/secrets/webhook/webhook-secret\"}");
    assertThat(config.path("authToken").toString())
        .isEqualTo("{\"file\":\"/etc/poros/secrets/auth-token/auth-token\"}");
    JsonNode repository = config.at("/repositories/0");
    assertThat(repository.at("/credentials/password").toString())
        .isEqualTo("{\"file\":\"/etc/poros/secrets/git-0/password\"}");
    assertThat(repository.at("/status/token").toString())
        .isEqualTo("{\"file\":\"/etc/poros/secrets/forge-token/token\"}");
    JsonNode deployment = only(rendered, "Deployment");
    assertThat(deployment.at("/spec/template/spec/volumes").toString())
        .contains("poros-webhook", "poros-token", "poros-forge", "poros-git");
    // no Secret is made by the chart, and no annotation or ConfigMap says more than names
    assertThat(kinds(rendered)).doesNotContain("Secret");
    for (JsonNode document : rendered) {
      List<String> texts = new ArrayList<>();
      document.at("/metadata/annotations").forEach(a -> texts.add(a.asString()));
      document.at("/spec/template/metadata/annotations").forEach(a -> texts.add(a.asString()));
      if (document.path("kind").asString().equals("ConfigMap")) {
        document.path("data").forEach(d -> texts.add(d.asString()));
      }
      assertThat(texts)
          .noneMatch(t -> t.matches("(?s).*(password|token|secret)\\s*:\\s*[^{\\s].*"));
    }
  }

  /** {@code helm template} of the chart with {@code values} set, as YAML documents. */
  static List<JsonNode> render(Map<String, Object> values) throws IOException {
    TemplateCommand template = new Helm(CHART).template().withName("poros").withNamespace("poros");
    values.forEach(template::set);
    String manifests;
    try {
      manifests = template.call();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(values + ": " + e.getMessage(), e);
    }
    return documents(manifests);
  }

  /** {@code helm template}'s output as YAML documents. */
  static List<JsonNode> documents(String manifests) {
    List<JsonNode> documents = new ArrayList<>();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      JsonNode node = Json.YAML.readTree(document);
      if (node != null && node.isObject() && !node.isEmpty()) {
        documents.add(node);
      }
    }
    return documents;
  }

  /** A copy of the chart whose values.yaml has {@code toggle} set: lint reads only that file. */
  private Path chartWith(Map<String, Object> toggle) throws IOException {
    Path copy = tmp.resolve("chart-" + Integer.toHexString(toggle.hashCode()));
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    ObjectNode values =
        (ObjectNode) Json.YAML.readTree(Files.readString(CHART.resolve("values.yaml")));
    toggle.forEach((path, value) -> set(values, path, value));
    Files.writeString(copy.resolve("values.yaml"), Json.YAML.writeValueAsString(values));
    return copy;
  }

  /** Sets a dotted path with [i] indices, as helm --set reads it. */
  private static void set(ObjectNode root, String path, Object value) {
    JsonNode at = root;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      Matcher indexed = Pattern.compile("(.+)\\[(\\d+)]").matcher(part);
      if (indexed.matches()) {
        ArrayNode list =
            at.path(indexed.group(1)).isArray()
                ? (ArrayNode) at.get(indexed.group(1))
                : ((ObjectNode) at).putArray(indexed.group(1));
        int index = Integer.parseInt(indexed.group(2));
        while (list.size() <= index) {
          list.addNull();
        }
        if (last) {
          list.set(index, Json.JSON.valueToTree(value));
          return;
        }
        at = list.get(index);
      } else if (last) {
        ((ObjectNode) at).set(part, Json.JSON.valueToTree(value));
      } else {
        at = at.path(part).isObject() ? at.get(part) : ((ObjectNode) at).putObject(part);
      }
    }
  }

  private static List<String> kinds(List<JsonNode> documents) {
    return documents.stream().map(d -> d.path("kind").asString()).toList();
  }

  private static JsonNode only(List<JsonNode> documents, String kind) {
    List<JsonNode> found =
        documents.stream().filter(d -> d.path("kind").asString().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }
}
