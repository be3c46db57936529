package dev.poros.server;

import static dev.poros.server.Html.esc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Signing a browser in where the dashboard needs the token: {@code /login} asks for it and, when it
 * is right, sets the {@link Gate}'s session cookie (HttpOnly, SameSite=Strict) and goes back to the
 * page the person wanted — on this server only. Guessing is slowed: after {@value #MAX_FAILURES}
 * wrong tokens within a minute, every attempt is refused (429) until the minute has passed.
 */
final class SignIn {
  static final int MAX_FAILURES = 10;
  private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

  private final Gate gate;
  private final ArrayDeque<Long> failures = new ArrayDeque<>();

  SignIn(Gate gate) {
    this.gate = gate;
  }

  void register(RoutesConfig routes) {
    routes.get("/login", ctx -> ctx.html(form(ctx.queryParam("next"), false)), Gate.Access.OPEN);
    routes.post("/login", this::signIn, Gate.Access.OPEN);
  }

  /** Where a person who may not see {@code path} yet goes: the sign-in form, then back. */
  static String path(String next) {
    return "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
  }

  private static String form(String next, boolean failed) {
    return Page.of(
        "Poros · sign in",
        "<form method=\"post\" action=\"/login\" class=\"login\"><h2>Sign in</h2>"
            + (failed ? "<p class=\"bad\">That is not the token.</p>" : "")
            + "<p>This agent asks for its API token (the file given to"
            + " <code>--auth-token-file</code>).</p><input type=\"hidden\" name=\"next\" value=\""
            + esc(next)
            + "\"><input type=\"password\" name=\"token\" autofocus placeholder=\"token\">"
            + " <button>sign in</button></form>");
  }

  private void signIn(Context ctx) {
    if (tooManyFailures()) {
      ctx.status(429).header("Retry-After", "60").html(form(ctx.formParam("next"), true));
      return;
    }
    if (!gate.isToken(ctx.formParam("token"))) {
      failed();
      ctx.status(401).html(form(ctx.formParam("next"), true));
      return;
    }
    Cookie cookie = new Cookie(Gate.COOKIE, gate.session());
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.STRICT);
    ctx.cookie(cookie);
    ctx.redirect(localPath(ctx.formParam("next")));
  }

  /** Whether the last minute saw {@value #MAX_FAILURES} wrong tokens (monotonic time). */
  private synchronized boolean tooManyFailures() {
    long now = System.nanoTime();
    while (!failures.isEmpty() && now - failures.peekFirst() > WINDOW_NANOS) {
      failures.pollFirst();
    }
    return failures.size() >= MAX_FAILURES;
  }

  private synchronized void failed() {
    failures.addLast(System.nanoTime());
  }

  /** Only a path on this server: signing in must not send anyone elsewhere. */
  private static String localPath(String next) {
    return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
        ? next
        : "/";
  }
}
