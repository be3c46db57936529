package dev.poros.server;

import dev.poros.model.Json;
import dev.poros.model.ResourceKey;
import dev.poros.reconcile.Trigger;
import dev.poros.schedule.Agent;
import dev.poros.schedule.WatchedRepository;
import dev.poros.store.ResourceFilter;
import dev.poros.store.Stores;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The agent's HTTP server on loopback: {@code /healthz}, {@code /readyz}, the JSON API under {@code
 * /api/v1/} and push webhooks. Errors are {@code {error, message}} with the fitting status.
 */
public final class AgentServer implements AutoCloseable {
  static final int MAX_WEBHOOK_BYTES = 1024 * 1024;

  private final Javalin app;

  /**
   * @param webhookSecret the shared secret webhooks are signed with; null refuses them all
   * @param ready whether the agent is ready (its DB open and first sync done)
   */
  public AgentServer(
      Agent agent, Stores stores, Metrics metrics, String webhookSecret, BooleanSupplier ready) {
    this(agent, stores, metrics, webhookSecret, null, ready);
  }

  /**
   * @param authToken when not null, write endpoints (not the webhooks, which sign) need {@code
   *     Authorization: Bearer <authToken>}
   */
  public AgentServer(
      Agent agent,
      Stores stores,
      Metrics metrics,
      String webhookSecret,
      String authToken,
      BooleanSupplier ready) {
    WebhookSignature signature = webhookSecret == null ? null : new WebhookSignature(webhookSecret);
    Dashboard dashboard = new Dashboard(agent, stores);
    this.app =
        Javalin.create(
            config -> {
              config.routes.get("/healthz", ctx -> ctx.result("ok"));
              config.routes.get(
                  "/api/v1/openapi.json",
                  ctx -> ctx.contentType("application/json").result(openApi()));
              config.routes.get(
                  "/",
                  ctx ->
                      ctx.html(
                          dashboard.overview(ctx.queryParam("workspace"), ctx.queryParam("type"))));
              config.routes.get(
                  "/resources/{id}",
                  ctx ->
                      dashboard
                          .resource(ctx.pathParam("id"))
                          .ifPresentOrElse(
                              ctx::html,
                              () ->
                                  ctx.status(404)
                                      .html(
                                          "<!doctype html><p>no resource "
                                              + Dashboard.esc(ctx.pathParam("id"))
                                              + "</p>")));
              config.routes.get(
                  "/metrics",
                  ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
              config.routes.get(
                  "/readyz",
                  ctx -> {
                    if (ready.getAsBoolean()) {
                      ctx.result("ready");
                    } else {
                      error(ctx, 503, "not_ready", "the first sync has not finished");
                    }
                  });
              config.routes.get("/api/v1/repositories", ctx -> json(ctx, 200, repositories(agent)));
              config.routes.get(
                  "/api/v1/resources",
                  ctx ->
                      json(
                          ctx,
                          200,
                          stores
                              .resources()
                              .list(
                                  new ResourceFilter(
                                      ctx.queryParam("type"),
                                      ctx.queryParam("workspace"),
                                      ctx.queryParam("status"),
                                      ctx.queryParam("health"),
                                      "deleted".equals(ctx.queryParam("status")),
                                      false))
                              .stream()
                              .map(Views::resource)
                              .toList()));
              config.routes.get(
                  "/api/v1/resources/{id}",
                  ctx -> {
                    ResourceKey key = new ResourceKey(ctx.pathParam("id"));
                    var found = stores.resources().get(key);
                    if (found.isEmpty()) {
                      error(ctx, 404, "not_found", "no resource " + key.id());
                      return;
                    }
                    Map<String, Object> body = new LinkedHashMap<>(Views.resource(found.get()));
                    body.put("spec", Json.parse(found.get().maskedJson()));
                    body.put(
                        "events",
                        stores.events().forResource(key.id(), 50).stream()
                            .map(Views::event)
                            .toList());
                    json(ctx, 200, body);
                  });
              config.routes.get(
                  "/api/v1/syncs",
                  ctx ->
                      json(
                          ctx,
                          200,
                          stores.syncs().history(100).stream()
                              .map(s -> Views.sync(s, null))
                              .toList()));
              config.routes.post(
                  "/api/v1/repositories/{name}/sync",
                  ctx -> {
                    if (!authorized(ctx, authToken)) {
                      return;
                    }
                    if (agent.trigger(ctx.pathParam("name"), Trigger.API)) {
                      json(ctx, 202, Map.of("repository", ctx.pathParam("name"), "sync", "queued"));
                    } else {
                      error(ctx, 404, "not_found", "no repository " + ctx.pathParam("name"));
                    }
                  });
              config.routes.post(
                  "/api/v1/webhooks/github",
                  ctx -> webhook(ctx, metrics, signed(signature), body -> push(agent, body)));
              config.routes.post(
                  "/api/v1/webhooks/gitlab",
                  ctx -> webhook(ctx, metrics, token(webhookSecret), body -> push(agent, body)));
              config.routes.post(
                  "/api/v1/webhooks/generic",
                  ctx -> webhook(ctx, metrics, signed(signature), body -> named(agent, body)));
              config.routes.get("/api/v1/syncs/{id}", ctx -> syncDetail(ctx, stores));
              config.routes.get(
                  "/api/v1/workflows/{id}/runs",
                  ctx ->
                      json(
                          ctx,
                          200,
                          stores.runs().runs(ctx.pathParam("id"), 20).stream()
                              .map(run -> Views.run(run, stores.runs().nodes(run.id())))
                              .toList()));
              config.routes.get("/api/v1/runs/{id}/logs", ctx -> runLogs(ctx, stores));
            });
  }

  /** Starts listening on {@code host}:{@code port} (0: any free port). */
  public AgentServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Why a webhook is refused: the {@code error} and {@code message} of the 401. */
  private record Refusal(String error, String message) {}

  /** How a webhook proves it comes from the shared secret's holder: null, or why it does not. */
  @FunctionalInterface
  private interface Proof {
    Refusal missing(Context ctx, byte[] body);
  }

  /** GitHub and Gitea/Forgejo: {@code X-Hub-Signature-256}, the body's HMAC under the secret. */
  private static Proof signed(WebhookSignature signature) {
    return (ctx, body) ->
        signature != null && signature.verifies(body, ctx.header("X-Hub-Signature-256"))
            ? null
            : new Refusal("bad_signature", "missing or wrong X-Hub-Signature-256");
  }

  /** GitLab: {@code X-Gitlab-Token}, the secret itself. */
  private static Proof token(String secret) {
    return (ctx, body) ->
        sameSecret(secret, ctx.header("X-Gitlab-Token"))
            ? null
            : new Refusal("bad_token", "missing or wrong X-Gitlab-Token");
  }

  /**
   * One webhook delivery: at most 1 MiB (413), proven (401), counted, then {@code act} on its body
   * decides what to sync and what to answer (202).
   */
  private static void webhook(
      Context ctx,
      Metrics metrics,
      Proof proof,
      java.util.function.Function<byte[], Map<String, Object>> act) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_WEBHOOK_BYTES) {
      metrics.delivery("too_large");
      error(ctx, 413, "too_large", "webhook payloads are at most 1 MiB");
      return;
    }
    Refusal missing = proof.missing(ctx, body);
    if (missing != null) {
      metrics.delivery("rejected");
      error(ctx, 401, missing.error(), missing.message());
      return;
    }
    metrics.delivery("accepted");
    json(ctx, 202, act.apply(body));
  }

  /** A push (GitHub, Gitea, GitLab): the repositories following the pushed branch sync now. */
  private static Map<String, Object> push(Agent agent, byte[] body) {
    String ref = Json.JSON.readTree(body).path("ref").asString("");
    String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : "";
    List<String> triggered = trigger(agent, name -> branch.equals(agent.branchOf(name)));
    return Map.of("ref", ref, "triggered", triggered);
  }

  /**
   * A generic trigger: {@code {"repository": NAME}} syncs that repository, {@code {}} all of them.
   */
  private static Map<String, Object> named(Agent agent, byte[] body) {
    String named = body.length == 0 ? "" : Json.JSON.readTree(body).path("repository").asString("");
    return Map.of("triggered", trigger(agent, name -> named.isEmpty() || named.equals(name)));
  }

  private static List<String> trigger(Agent agent, java.util.function.Predicate<String> which) {
    return agent.repositories().stream()
        .map(WatchedRepository::name)
        .filter(which)
        .filter(name -> agent.trigger(name, Trigger.WEBHOOK))
        .toList();
  }

  /**
   * Whether {@code given} is {@code secret}, compared in constant time; no secret matches nothing.
   */
  private static boolean sameSecret(String secret, String given) {
    return secret != null
        && given != null
        && MessageDigest.isEqual(
            secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a write may go ahead; answers 401 when it may not. */
  private static boolean authorized(Context ctx, String token) {
    if (token == null) {
      return true;
    }
    boolean ok = sameSecret("Bearer " + token, ctx.header("Authorization"));
    if (!ok) {
      error(ctx, 401, "unauthorized", "this endpoint needs Authorization: Bearer <token>");
    }
    return ok;
  }

  private static void syncDetail(Context ctx, Stores stores) {
    var sync = stores.syncs().get(Long.parseLong(ctx.pathParam("id")));
    if (sync.isEmpty()) {
      error(ctx, 404, "not_found", "no sync " + ctx.pathParam("id"));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>(Views.sync(sync.get(), null));
    body.put(
        "results",
        stores.events().forSync(sync.get().id()).stream()
            .map(
                e -> {
                  Map<String, Object> result = new LinkedHashMap<>();
                  result.put("id", e.resourceKey());
                  result.putAll(Views.event(e));
                  return result;
                })
            .toList());
    json(ctx, 200, body);
  }

  /** Each node's log of a run (the node's last attempt appends to the same file). */
  private static void runLogs(Context ctx, Stores stores) throws java.io.IOException {
    Map<String, Object> logs = new LinkedHashMap<>();
    for (var node : stores.runs().nodes(Long.parseLong(ctx.pathParam("id")))) {
      if (node.logPath() != null
          && !logs.containsKey(node.node())
          && Files.exists(Path.of(node.logPath()))) {
        logs.put(node.node(), Files.readString(Path.of(node.logPath())));
      }
    }
    json(ctx, 200, logs);
  }

  /** The API's description, shipped in the jar. */
  private static byte[] openApi() throws java.io.IOException {
    try (var in = AgentServer.class.getResourceAsStream("/api/openapi.json")) {
      return in.readAllBytes();
    }
  }

  private static List<Map<String, Object>> repositories(Agent agent) {
    return agent.repositories().stream()
        .map(
            r -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", r.name());
              m.put("url", r.spec().url());
              m.put("branch", r.spec().branch());
              m.put("path", r.spec().path());
              m.put("intervalSeconds", r.interval().toSeconds());
              agent
                  .backoff(r.name())
                  .ifPresent(
                      b -> {
                        m.put("fetchFailures", b.failures());
                        m.put("lastError", b.lastError());
                        m.put("nextAttempt", b.nextAttempt().toString());
                      });
              return m;
            })
        .toList();
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.PRETTY.writeValueAsString(body));
  }

  private static void error(Context ctx, int status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    json(ctx, status, body);
  }

  @Override
  public void close() {
    app.stop();
  }
}
