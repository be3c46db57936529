package dev.poros.testing;

import dev.poros.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The API server's audit log of write requests (one JSON line per create, update, patch, delete,
 * written before the response is sent), read to count what a client really wrote — not what the
 * client believes it wrote.
 */
public final class AuditLog {
  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  /** A write request the API server saw: verb, user, resource, namespace, name and answer code. */
  public record Write(
      String verb, String user, String resource, String namespace, String name, int code) {}

  /** Where the log ends now: writes after this are those of what follows. */
  public long mark() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The writes {@code user} made since {@code mark}. */
  public List<Write> writesSince(long mark, String user) {
    List<Write> writes = new ArrayList<>();
    try {
      byte[] all = Files.readAllBytes(file);
      String text = new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = Json.parse(line);
        if (!"ResponseComplete".equals(event.path("stage").asString())
            || !user.equals(event.at("/user/username").asString())) {
          continue;
        }
        writes.add(
            new Write(
                event.path("verb").asString(),
                user,
                event.at("/objectRef/resource").asString(),
                event.at("/objectRef/namespace").asString(""),
                event.at("/objectRef/name").asString(""),
                event.at("/responseStatus/code").asInt()));
      }
      return writes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
