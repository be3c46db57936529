package dev.poros.server;

import io.javalin.Javalin;
import java.util.function.Supplier;

/**
 * What an agent waiting for the Lease answers on its address: alive on {@code /healthz} (so it is
 * not restarted), not ready on {@code /readyz} (so no traffic is routed to it), and for anything
 * else 503 with the reason — it reads and writes nothing until it holds the Lease.
 */
public final class StandbyServer implements AutoCloseable {
  private final Javalin app;

  /**
   * {@code waiting}: why this agent is not serving, e.g. which Lease it waits for and who holds it.
   */
  public StandbyServer(Supplier<String> waiting) {
    this.app =
        Javalin.create(
            config -> {
              config.routes.get("/healthz", ctx -> ctx.result("ok"));
              config.routes.error(404, ctx -> Replies.error(ctx, 503, "standby", waiting.get()));
              config.routes.get(
                  "/readyz", ctx -> Replies.error(ctx, 503, "standby", waiting.get()));
            });
  }

  /** Starts listening on {@code host}:{@code port} (0: any free port); returns the port. */
  public int start(String host, int port) {
    app.start(host, port);
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
