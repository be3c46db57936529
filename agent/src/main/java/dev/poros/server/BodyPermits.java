package dev.poros.server;

import static dev.poros.server.Replies.error;

import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;

/**
 * A bound on the open endpoints that read a body (webhooks, the sign-in form): a request past it is
 * answered 503 at once, before reading anything, so trickled bodies hold at most that many of the
 * server's threads.
 */
final class BodyPermits {
  private final Semaphore permits;

  BodyPermits(int limit) {
    this.permits = new Semaphore(limit);
  }

  /** {@code handler}, run only while a permit is free; {@code refused} counts the others. */
  Handler bounded(Handler handler, Runnable refused) {
    return ctx -> {
      if (!permits.tryAcquire()) {
        refused.run();
        ctx.header("Retry-After", "1");
        error(ctx, 503, "busy", "too many requests are sending bodies: try again in a second");
        return;
      }
      try {
        handler.handle(ctx);
      } finally {
        permits.release();
      }
    };
  }
}
