package dev.poros.server;

import dev.poros.model.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the API answers: JSON bodies, and errors as {@code {error, message}}. */
final class Replies {
  private Replies() {}

  static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.PRETTY.writeValueAsString(body));
  }

  static void error(Context ctx, int status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    json(ctx, status, body);
  }
}
