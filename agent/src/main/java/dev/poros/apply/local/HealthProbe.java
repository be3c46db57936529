package dev.poros.apply.local;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Judges a supervised resource's health from its replicas: {@code Healthy} when every replica runs
 * and passes its check ({@code httpGet} answering 2xx/3xx, or {@code tcpSocket} accepting; without
 * a check, running is enough), {@code Progressing} while replicas start, {@code Degraded} when a
 * replica fails its check three times running or keeps crashing.
 */
final class HealthProbe {
  private static final int FAILURES_TO_DEGRADE = 3;
  private static final int RESTARTS_TO_DEGRADE = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final JsonNode check;
  private final boolean portPerReplica;
  private final Map<Integer, Integer> failures = new HashMap<>();
  private final Map<Integer, Instant> passedSince = new HashMap<>();

  HealthProbe(JsonNode check, boolean portPerReplica) {
    this.check = check;
    this.portPerReplica = portPerReplica;
  }

  record Verdict(String runtime, String health, String message) {}

  Verdict judge(List<Replica> replicas) {
    int up = 0;
    int passing = 0;
    int restarts = 0;
    boolean degraded = false;
    for (int i = 0; i < replicas.size(); i++) {
      Replica replica = replicas.get(i);
      restarts += replica.restarts();
      if (!replica.alive()) {
        degraded |= replica.restarts() >= RESTARTS_TO_DEGRADE;
        failures.remove(i);
        continue;
      }
      up++;
      if (passes(i)) {
        passing++;
        failures.put(i, 0);
      } else {
        int failed = failures.merge(i, 1, Integer::sum);
        degraded |= failed >= FAILURES_TO_DEGRADE && !isStarting(replica);
      }
    }
    String health = degraded ? "Degraded" : passing == replicas.size() ? "Healthy" : "Progressing";
    String message =
        up
            + "/"
            + replicas.size()
            + " replicas up, "
            + passing
            + " healthy"
            + (restarts == 0 ? "" : ", " + restarts + " restart" + (restarts == 1 ? "" : "s"));
    return new Verdict(up > 0 || replicas.isEmpty() ? "running" : "pending", health, message);
  }

  /** A replica gets a grace of three failed probes after it starts before it counts as failing. */
  private static boolean isStarting(Replica replica) {
    return replica.startedAt() != null
        && Duration.between(replica.startedAt(), Instant.now()).toSeconds() < 5;
  }

  private boolean passes(int replica) {
    if (check.path("httpGet").isObject()) {
      JsonNode get = check.get("httpGet");
      return http(port(get, replica), get.path("path").asString("/"));
    }
    if (check.path("tcpSocket").isObject()) {
      return tcp(port(check.get("tcpSocket"), replica));
    }
    return true;
  }

  private int port(JsonNode probe, int replica) {
    return probe.path("port").asInt() + (portPerReplica ? replica : 0);
  }

  private static boolean http(int port, String path) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      connection.setConnectTimeout((int) TIMEOUT.toMillis());
      connection.setReadTimeout((int) TIMEOUT.toMillis());
      int status = connection.getResponseCode();
      connection.disconnect();
      return status >= 200 && status < 400;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean tcp(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
