package dev.poros.server;

import static dev.poros.server.Html.esc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Signing a browser in where the dashboard needs the token: {@code /login} asks for it and, when it
 * is right, sets the {@link Gate}'s session cookie (HttpOnly, SameSite=Strict) and goes back to the
 * page the person wanted — on this server only. Guessing is slowed per client: after {@value
 * Guesses#MAX} wrong tokens within a minute from one address, its attempts are refused (429) until
 * the minute has passed.
 */
final class SignIn {
  private final Gate gate;
  private final Guesses guesses;
  private final BodyPermits permits;

  SignIn(Gate gate, Guesses guesses, BodyPermits permits) {
    this.gate = gate;
    this.guesses = guesses;
    this.permits = permits;
  }

  void register(RoutesConfig routes) {
    routes.get("/login", ctx -> ctx.html(form(ctx.queryParam("next"), false)), Gate.Access.OPEN);
    routes.post("/login", permits.bounded(this::signIn, () -> {}), Gate.Access.OPEN);
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
    if (guesses.blocked(ctx.ip())) {
      ctx.status(429).header("Retry-After", "60").html(form(ctx.formParam("next"), true));
      return;
    }
    if (!gate.isToken(ctx.formParam("token"))) {
      guesses.failed(ctx.ip());
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

  /**
   * Only a path on this server: signing in must not send anyone elsewhere. Browsers drop tabs and
   * line breaks and read a backslash as a slash ({@code /%09/evil.example} is {@code
   * //evil.example} to them), so a path is only what a path's characters make.
   */
  static String localPath(String next) {
    return next != null
            && next.matches("/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*")
            && !next.startsWith("//")
            && !next.matches("(?i).*%(0[0-9a-f]|1[0-9a-f]|7f|5c|2f).*")
        ? next
        : "/";
  }
}
