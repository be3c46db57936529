package dev.poros.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * {@code poros run} as users run it: a JVM of its own (this test JVM's classpath), listening on a
 * free port of 127.0.0.1, its output in a log file; stopped with a real SIGTERM or SIGKILL.
 */
public final class AgentProcess implements AutoCloseable {
  /**
   * The agent's address (loopback, or every address as in a pod), or where it stands by waiting for
   * its Lease (the same port after).
   */
  private static final Pattern LISTENING =
      Pattern.compile("(?:API|standby) on http://(?:127\\.0\\.0\\.1|0\\.0\\.0\\.0):(\\d+)");

  private final Process process;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  private AgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.port = awaitPort();
  }

  /**
   * Starts {@code poros run --data-dir DATA --listen 127.0.0.1:0 ARGS…}; returns once it listens.
   */
  public static AgentProcess start(Path dataDir, Path log, String... args) {
    List<String> command =
        command("run", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0");
    command.addAll(List.of(args));
    return start(new ProcessBuilder(command), log);
  }

  /** {@code poros ARGS…} as a process of its own: this JVM's java, with this test's classpath. */
  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.poros.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts an agent by a command of the caller's (an image's entrypoint, say), which must make it
   * listen on 127.0.0.1; returns once it listens.
   */
  public static AgentProcess start(ProcessBuilder command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new AgentProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int awaitPort() {
    Matcher[] found = new Matcher[1];
    Awaitility.await("poros run listening (log: " + log + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("poros run exited early:\n" + output());
              }
              Matcher m = LISTENING.matcher(output());
              found[0] = m;
              return m.find();
            });
    return Integer.parseInt(found[0].group(1));
  }

  public int port() {
    return port;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Everything the agent printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).build());
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, as a service manager or Kubernetes stops it; returns the exit code. */
  public int terminate() {
    process.destroy();
    return awaitExit();
  }

  /** SIGKILL: the process dies wherever it is; returns the exit code. */
  public int kill() {
    process.destroyForcibly();
    return awaitExit();
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("poros run did not stop within 60 s:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
