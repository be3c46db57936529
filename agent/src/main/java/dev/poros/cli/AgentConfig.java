package dev.poros.cli;

import dev.poros.apply.local.Durations;
import dev.poros.model.Json;
import dev.poros.schedule.WatchedRepository;
import dev.poros.source.GitCredentials;
import dev.poros.source.RepoSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code poros.yaml}: the repositories an agent watches and where its secrets are. Secrets are
 * named by where to read them — {@code {env: NAME}} or {@code {file: PATH}} — never written inline.
 *
 * <pre>
 * listen: 127.0.0.1:8080
 * webhookSecret: {env: POROS_WEBHOOK_SECRET}
 * authToken: {file: /etc/poros/token}
 * repositories:
 *   - name: platform
 *     url: https://git.example.com/data/platform.git
 *     branch: main
 *     path: deploy
 *     interval: 60s
 *     executor: local        # or kubernetes
 *     credentials:           # for a private http(s) remote
 *       username: poros
 *       password: {env: GIT_TOKEN}
 * </pre>
 */
record AgentConfig(
    List<WatchedRepository> repositories, String listen, String webhookSecret, String authToken) {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  static final List<String> EXECUTORS = List.of("local", "kubernetes");

  static AgentConfig read(Path file, Function<String, String> environment) {
    JsonNode root;
    try {
      root = Json.YAML.readTree(Files.readString(file));
    } catch (IOException | JacksonException e) {
      throw new UsageException(
          file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
    if (root == null || !root.isObject()) {
      throw new UsageException(file + ": expected a mapping with repositories");
    }
    List<WatchedRepository> repositories = new ArrayList<>();
    JsonNode list = root.path("repositories");
    if (!list.isArray() || list.isEmpty()) {
      throw new UsageException(file + ": repositories: at least one repository is required");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode r = list.get(i);
      String at = file + ": repositories[" + i + "]";
      String url = required(r, "url", at);
      String name = r.path("name").asString("repo-" + i);
      if (repositories.stream().anyMatch(w -> w.name().equals(name))) {
        throw new UsageException(at + ".name: '" + name + "' names another repository already");
      }
      Duration interval;
      try {
        interval =
            r.has("interval") ? Durations.parse(r.get("interval").asString()) : DEFAULT_INTERVAL;
      } catch (IllegalArgumentException e) {
        throw new UsageException(at + ".interval: " + e.getMessage());
      }
      RepoSpec spec =
          new RepoSpec(
              url,
              r.path("branch").isString() ? r.get("branch").asString() : null,
              r.path("path").asString(""),
              strings(r.path("include")),
              strings(r.path("exclude")),
              credentials(r.path("credentials"), at + ".credentials", environment));
      String executor = r.path("executor").asString("local");
      if (!EXECUTORS.contains(executor)) {
        throw new UsageException(at + ".executor: '" + executor + "' is not one of " + EXECUTORS);
      }
      repositories.add(new WatchedRepository(name, spec, interval, executor));
    }
    return new AgentConfig(
        repositories,
        root.path("listen").asString("127.0.0.1:8080"),
        secret(root.path("webhookSecret"), file + ": webhookSecret", environment),
        secret(root.path("authToken"), file + ": authToken", environment));
  }

  /** {@code {username: NAME, password: {env: VAR} | {file: PATH}}}, or null when absent. */
  private static GitCredentials credentials(
      JsonNode node, String at, Function<String, String> environment) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    String password = secret(node.path("password"), at + ".password", environment);
    if (password == null) {
      throw new UsageException(at + ".password: required, as {env: NAME} or {file: PATH}");
    }
    return new GitCredentials(required(node, "username", at), password);
  }

  private static String required(JsonNode node, String field, String at) {
    if (!node.path(field).isString() || node.get(field).asString().isBlank()) {
      throw new UsageException(at + "." + field + ": required");
    }
    return node.get(field).asString();
  }

  private static List<String> strings(JsonNode list) {
    return list.valueStream().map(JsonNode::asString).toList();
  }

  /**
   * A secret from the environment or a file; an inline value is refused (it would sit in the
   * config).
   */
  private static String secret(JsonNode where, String at, Function<String, String> environment) {
    if (where.isMissingNode() || where.isNull()) {
      return null;
    }
    if (where.isString()) {
      throw new UsageException(
          at + ": write where the secret is, {env: NAME} or {file: PATH}, not the secret itself");
    }
    if (where.path("env").isString()) {
      String value = environment.apply(where.get("env").asString());
      if (value == null || value.isBlank()) {
        throw new UsageException(
            at + ": environment variable " + where.get("env").asString() + " is not set");
      }
      return value.strip();
    }
    if (where.path("file").isString()) {
      try {
        return Files.readString(Path.of(where.get("file").asString())).strip();
      } catch (IOException e) {
        throw new UsageException(
            at + ": cannot read " + where.get("file").asString() + ": " + e.getMessage());
      }
    }
    throw new UsageException(at + ": expected {env: NAME} or {file: PATH}");
  }
}
