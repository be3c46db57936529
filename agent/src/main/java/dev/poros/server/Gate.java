package dev.poros.server;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who may call what. Without a token everything is open, which the agent allows on loopback only.
 * With a token, writes need it always and reads need it unless they are left open (on loopback);
 * health, readiness, metrics and the signed webhooks stay open. The token comes as {@code
 * Authorization: Bearer TOKEN}, or from a browser as the session cookie the login page sets — an
 * HMAC of the token, so that the cookie alone does not give the token away. Where reads are open
 * (on loopback), a request must name this agent by a loopback name or one it was given ({@code
 * Host}), so that a web page whose name resolves to 127.0.0.1 (DNS rebinding) cannot read the API.
 */
public final class Gate {
  /** What a route needs. */
  enum Access implements RouteRole {
    OPEN,
    READ,
    WRITE
  }

  static final String COOKIE = "poros_session";

  /** The names every loopback agent answers to. */
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

  private final String token;
  private final boolean readsOpen;
  private final Set<String> hosts;

  private Gate(String token, boolean readsOpen, Set<String> hosts) {
    this.token = token;
    this.readsOpen = readsOpen;
    this.hosts = hosts;
  }

  /** No token: every route open. */
  public static Gate open() {
    return new Gate(null, true, LOOPBACK);
  }

  /** {@code token} guards writes, and reads too unless {@code readsOpen}. */
  public static Gate token(String token, boolean readsOpen) {
    return new Gate(token, readsOpen, LOOPBACK);
  }

  /** This gate, letting requests also name the agent {@code names} (its listen host, its URL's). */
  public Gate alsoNamed(Collection<String> names) {
    Set<String> all = new HashSet<>(hosts);
    names.stream()
        .filter(Objects::nonNull)
        .map(name -> name.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", ""))
        .forEach(all::add);
    return new Gate(token, readsOpen, Set.copyOf(all));
  }

  /**
   * Whether a request with this {@code Host} header may be answered: always where the token guards
   * reads; else only by a name this agent answers to (a missing header is an HTTP/1.0 client).
   */
  boolean addressedRightly(String hostHeader) {
    if (token != null && !readsOpen) {
      return true;
    }
    if (hostHeader == null || hostHeader.isBlank()) {
      return true;
    }
    String host = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      host = host.substring(1, Math.max(1, host.indexOf(']')));
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
      host = host.substring(0, host.indexOf(':'));
    }
    return hosts.contains(host);
  }

  boolean guards() {
    return token != null;
  }

  /** Whether a request may use a route that needs {@code roles} (none: as a read). */
  boolean admits(Context ctx, Set<? extends RouteRole> roles) {
    if (token == null || roles.contains(Access.OPEN)) {
      return true;
    }
    // a route that says nothing is a read: only what is marked OPEN goes without the token
    if (!roles.contains(Access.WRITE) && readsOpen) {
      return true;
    }
    return provesToken(ctx.header("Authorization"), "Bearer " + token)
        || provesToken(ctx.cookie(COOKIE), session());
  }

  /** Whether {@code given} is the token a login form carried. */
  boolean isToken(String given) {
    return token != null && provesToken(given, token);
  }

  /** The session cookie's value for a browser that logged in. */
  String session() {
    return new WebhookSignature(token)
        .hex("poros dashboard session".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Compares in constant time, so that response times do not tell how much of a guess was right.
   */
  static boolean provesToken(String given, String expected) {
    return given != null
        && expected != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
