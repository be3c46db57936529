package dev.poros.server;

import static dev.poros.server.Replies.error;

import dev.poros.schedule.Agent;
import dev.poros.schedule.PreviewRequests;
import dev.poros.store.Stores;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.validation.ValidationException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The agent's HTTP server: {@code /healthz}, {@code /readyz}, {@code /metrics}, the JSON API and
 * webhooks under {@code /api/v1/}, and the dashboard. The {@link Gate} decides who may call what;
 * API errors are {@code {error, message}} with the fitting status.
 */
public final class AgentServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);

  /**
   * Connections the kernel completes while the agent is too busy to accept them (a collection, a
   * burst of webhook senders reconnecting). At Java's default of 50 the next one's SYN is dropped
   * and its client waits a second to retry: longer than an orchestrator's probe waits. The kernel
   * caps it at {@code net.core.somaxconn} (4,096 on current Linux).
   */
  static final int ACCEPT_QUEUE = 1024;

  private final Javalin app;

  /**
   * @param webhookSecret the shared secret webhooks prove; null refuses them all
   * @param ready whether the agent is ready (its DB open and first sync done)
   */
  public AgentServer(
      Agent agent,
      Stores stores,
      Metrics metrics,
      Gate gate,
      String webhookSecret,
      BooleanSupplier ready) {
    this(
        agent,
        stores,
        metrics,
        gate,
        webhookSecret,
        ready,
        repository -> Optional.empty(),
        PreviewRequests.NONE,
        ServerLimits.DEFAULTS);
  }

  /**
   * @param statusErrors a repository's last error posting commit statuses, if any
   * @param previews where pull request webhooks go
   * @param limits what keeps slow and many clients from starving the server
   */
  public AgentServer(
      Agent agent,
      Stores stores,
      Metrics metrics,
      Gate gate,
      String webhookSecret,
      BooleanSupplier ready,
      Function<String, Optional<String>> statusErrors,
      PreviewRequests previews,
      ServerLimits limits) {
    RepositoryStates repositories = new RepositoryStates(agent, stores, statusErrors);
    Api api = new Api(agent, stores, repositories);
    BodyPermits bodyReaders = new BodyPermits(limits.bodyReaders());
    Webhooks webhooks = new Webhooks(agent, previews, metrics, webhookSecret, bodyReaders);
    Dashboard dashboard = new Dashboard(repositories, stores);
    PreviewPages previewPages = new PreviewPages(stores.previews());
    Guesses guesses = new Guesses();
    SignIn signIn = new SignIn(gate, guesses, bodyReaders);
    this.app =
        Javalin.create(
            config -> {
              // bodies are read up to the webhooks' limit (Javalin's own default is 1,000,000)
              config.http.maxRequestSize = Webhooks.MAX_BYTES;
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setMinRequestDataRate(limits.minBodyBytesPerSecond());
                    http.setIdleTimeout(limits.idleTimeout().toMillis());
                  });
              config.events.serverStarting(() -> listener().setAcceptQueueSize(ACCEPT_QUEUE));
              RoutesConfig routes = config.routes;
              routes.before(ctx -> guard(ctx, gate));
              routes.beforeMatched(ctx -> admit(ctx, gate, guesses));
              routes.get("/healthz", ctx -> ctx.result("ok"), Gate.Access.OPEN);
              routes.get(
                  "/readyz",
                  ctx -> {
                    if (ready.getAsBoolean()) {
                      ctx.result("ready");
                    } else {
                      error(ctx, 503, "not_ready", "the first sync has not finished");
                    }
                  },
                  Gate.Access.OPEN);
              routes.get(
                  "/metrics",
                  ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()),
                  Gate.Access.OPEN);
              api.register(routes);
              webhooks.register(routes);
              dashboard.register(routes);
              previewPages.register(routes);
              signIn.register(routes);
              routes.exception(
                  ValidationException.class,
                  (e, ctx) -> error(ctx, 400, "bad_request", e.getErrors().toString()));
              routes.exception(
                  JacksonException.class,
                  (e, ctx) ->
                      error(
                          ctx,
                          400,
                          "bad_request",
                          "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")));
              routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(
                        ctx, 500, "internal", e.getClass().getSimpleName() + ": " + e.getMessage());
                  });
              routes.error(
                  404,
                  ctx -> {
                    // an endpoint's own 404 is JSON already; Javalin's for unknown paths is not
                    if (ctx.path().startsWith("/api/") && !isJson(ctx.contentType())) {
                      error(
                          ctx, 404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path());
                    }
                  });
            });
  }

  /**
   * Every answer's headers against framing, sniffing and leaking addresses; and a request that
   * names this agent by a name it does not answer to is refused before anything else.
   */
  private static void guard(Context ctx, Gate gate) {
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    if (!gate.addressedRightly(ctx.header("Host"))) {
      ctx.skipRemainingHandlers();
      error(ctx, 421, "unknown_host", "this agent does not answer to that host name");
    }
  }

  /**
   * Lets a request through the gate, or answers it: 401 for the API, the login page for a person; a
   * client that sent {@value Guesses#MAX} wrong tokens within a minute gets 429 for a while.
   */
  private static void admit(Context ctx, Gate gate, Guesses guesses) {
    boolean guessing = ctx.header("Authorization") != null;
    if (guessing && guesses.blocked(ctx.ip())) {
      ctx.skipRemainingHandlers();
      ctx.header("Retry-After", "60");
      error(ctx, 429, "too_many_guesses", "too many wrong tokens from this address: wait a minute");
      return;
    }
    if (gate.admits(ctx, ctx.routeRoles())) {
      return;
    }
    if (guessing) {
      guesses.failed(ctx.ip());
    }
    ctx.skipRemainingHandlers();
    if (ctx.path().startsWith("/api/")) {
      ctx.header("WWW-Authenticate", "Bearer");
      error(ctx, 401, "unauthorized", "this endpoint needs Authorization: Bearer <token>");
    } else {
      ctx.redirect(SignIn.path(ctx.path()));
    }
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.startsWith("application/json");
  }

  /** Starts listening on {@code host}:{@code port} (0: any free port). */
  public AgentServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The connector Javalin made for {@link #start}: its only one. */
  ServerConnector listener() {
    return (ServerConnector) app.jettyServer().server().getConnectors()[0];
  }

  @Override
  public void close() {
    app.stop();
  }
}
