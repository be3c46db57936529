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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

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
    WebhookSignature signature = webhookSecret == null ? null : new WebhookSignature(webhookSecret);
    this.app =
        Javalin.create(
            config -> {
              config.routes.get("/healthz", ctx -> ctx.result("ok"));
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
                    if (agent.trigger(ctx.pathParam("name"), Trigger.API)) {
                      json(ctx, 202, Map.of("repository", ctx.pathParam("name"), "sync", "queued"));
                    } else {
                      error(ctx, 404, "not_found", "no repository " + ctx.pathParam("name"));
                    }
                  });
              config.routes.post(
                  "/api/v1/webhooks/github", ctx -> github(ctx, agent, signature, metrics));
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

  /** GitHub and Gitea/Forgejo push events: a push to a watched branch syncs it now. */
  private static void github(
      Context ctx, Agent agent, WebhookSignature signature, Metrics metrics) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_WEBHOOK_BYTES) {
      metrics.delivery("too_large");
      error(ctx, 413, "too_large", "webhook payloads are at most 1 MiB");
      return;
    }
    if (signature == null || !signature.verifies(body, ctx.header("X-Hub-Signature-256"))) {
      metrics.delivery("rejected");
      error(ctx, 401, "bad_signature", "missing or wrong X-Hub-Signature-256");
      return;
    }
    metrics.delivery("accepted");
    JsonNode push = Json.JSON.readTree(body);
    String ref = push.path("ref").asString("");
    String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : "";
    List<String> triggered =
        agent.repositories().stream()
            .filter(r -> watches(r, branch))
            .map(WatchedRepository::name)
            .filter(name -> agent.trigger(name, Trigger.WEBHOOK))
            .toList();
    json(ctx, 202, Map.of("ref", ref, "triggered", triggered));
  }

  /**
   * A repository watches a branch it names; one following the remote HEAD takes any push to
   * main/master.
   */
  private static boolean watches(WatchedRepository repository, String branch) {
    String watched = repository.spec().branch();
    return watched == null
        ? branch.equals("main") || branch.equals("master")
        : watched.equals(branch);
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
