package dev.poros.server;

import java.time.Duration;

/**
 * What keeps slow or many clients from starving the server. Anyone may send a webhook or a sign-in
 * form, so their bodies are what an attacker trickles: at most {@code bodyReaders} such requests
 * read a body at once (more get 503 before any of it is read), and a body that arrives slower than
 * {@code minBodyBytesPerSecond}, or stalls for {@code idleTimeout}, ends its request. The rest of
 * the server's threads stay free for {@code /healthz}, {@code /readyz} and the API.
 */
public record ServerLimits(int bodyReaders, long minBodyBytesPerSecond, Duration idleTimeout) {
  /** 64 of Jetty's 250 threads for open bodies; 1 KiB/s; 10 s of silence. */
  public static final ServerLimits DEFAULTS = new ServerLimits(64, 1024, Duration.ofSeconds(10));

  public ServerLimits {
    if (bodyReaders < 1) {
      throw new IllegalArgumentException("bodyReaders must be at least 1, not " + bodyReaders);
    }
  }
}
