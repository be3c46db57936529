package dev.poros.testing;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.poros.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for a forge's API that knows only what its OpenAPI description says: each request is
 * matched to an operation by method and path, its query parameters (names and values) and JSON body
 * are checked against the description's schemas, and it is recorded with what was wrong with it
 * (nothing, for a well-formed one). It answers with the operation's first 2xx response, shaped by
 * its example when the description has one, and 404 for a path it does not describe.
 */
public final class OpenApiRecorder implements AutoCloseable {
  /** One request as it came, the operation it matched (or null) and its problems. */
  public record Call(
      String method,
      String path,
      String operationId,
      Map<String, List<String>> headers,
      JsonNode body,
      List<String> problems) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final JsonNode spec;
  private final String prefix;
  private final SchemaRegistry schemas =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  /** {@code prefix}: where the API is under the server's root ({@code /api/v3}, or {@code ""}). */
  public OpenApiRecorder(JsonNode spec, String prefix) {
    this.spec = spec;
    this.prefix = prefix;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** The server's root URL (the API is under the prefix). */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toLowerCase(Locale.ROOT);
    String raw = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    List<String> problems = new ArrayList<>();
    String path = raw.startsWith(prefix) ? raw.substring(prefix.length()) : raw;
    if (!raw.startsWith(prefix)) {
      problems.add("path " + raw + " is not under " + prefix);
    }
    JsonNode operation = null;
    for (Map.Entry<String, JsonNode> entry : spec.path("paths").properties()) {
      if (matches(entry.getKey(), path) && entry.getValue().has(method)) {
        operation = entry.getValue().get(method);
      }
    }
    JsonNode body = null;
    if (operation == null) {
      problems.add("GitHub's description has no " + method.toUpperCase() + " " + path);
    } else {
      checkQuery(operation, query, problems);
      body = checkBody(operation, bytes, problems);
    }
    calls.add(
        new Call(
            method.toUpperCase(Locale.ROOT),
            path,
            operation == null ? null : operation.path("operationId").asString(),
            Map.copyOf(exchange.getRequestHeaders()),
            body,
            List.copyOf(problems)));
    reply(exchange, operation);
  }

  private static boolean matches(String template, String path) {
    String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
    return Pattern.matches(regex, path);
  }

  private void checkQuery(JsonNode operation, String query, List<String> problems) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      String[] nameValue = pair.split("=", 2);
      String name = URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8);
      String value =
          nameValue.length < 2 ? "" : URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8);
      JsonNode declared = null;
      for (JsonNode parameter : operation.path("parameters")) {
        if (parameter.path("in").asString().equals("query")
            && parameter.path("name").asString().equals(name)) {
          declared = parameter;
        }
      }
      if (declared == null) {
        problems.add("query parameter '" + name + "' is not in the description");
      } else if (declared.has("schema")) {
        schemas
            .getSchema(draft7(declared.path("schema").deepCopy()))
            .validate(queryValue(declared.path("schema"), value))
            .forEach(error -> problems.add("query parameter '" + name + "': " + error));
      }
    }
  }

  /** A query parameter's text as the JSON value its schema's type reads it as. */
  private static JsonNode queryValue(JsonNode schema, String value) {
    String type = schema.path("type").asString("");
    if ((type.equals("integer") || type.equals("number")) && value.matches("-?\\d+(\\.\\d+)?")) {
      return Json.JSON.readTree(value);
    }
    if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
      return Json.JSON.readTree(value);
    }
    return Json.JSON.getNodeFactory().textNode(value);
  }

  private JsonNode checkBody(JsonNode operation, byte[] bytes, List<String> problems) {
    JsonNode declared = operation.at("/requestBody/content/application~1json/schema");
    if (declared.isMissingNode()) {
      if (bytes.length > 0) {
        problems.add("a body where the description has none");
      }
      return null;
    }
    if (bytes.length == 0) {
      if (operation.at("/requestBody/required").asBoolean(false)) {
        problems.add("no body; the description requires one");
      }
      return null;
    }
    JsonNode body;
    try {
      body = Json.JSON.readTree(bytes);
    } catch (RuntimeException e) {
      problems.add("the body is not JSON: " + e.getMessage());
      return null;
    }
    Schema schema = schemas.getSchema(draft7(declared.deepCopy()));
    schema.validate(body).forEach(error -> problems.add("body: " + error.toString()));
    return body;
  }

  /** OpenAPI 3.0's {@code nullable: true} as JSON Schema says it: {@code null} is a type too. */
  static JsonNode draft7(JsonNode schema) {
    if (schema instanceof ObjectNode object) {
      if (object.path("nullable").asBoolean(false) && object.path("type").isString()) {
        ArrayNode types = Json.JSON.createArrayNode();
        types.add(object.get("type").asString());
        types.add("null");
        object.set("type", types);
        if (object.path("enum").isArray()) {
          ((ArrayNode) object.get("enum")).addNull();
        }
      }
      object.remove("nullable");
      Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
      while (fields.hasNext()) {
        draft7(fields.next().getValue());
      }
    } else if (schema instanceof ArrayNode array) {
      array.forEach(OpenApiRecorder::draft7);
    }
    return schema;
  }

  private static void reply(HttpExchange exchange, JsonNode operation) throws IOException {
    int code = 404;
    JsonNode answer = Json.JSON.createObjectNode().put("message", "Not Found");
    if (operation != null) {
      for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
        if (response.getKey().startsWith("2")) {
          code = Integer.parseInt(response.getKey());
          JsonNode content = response.getValue().at("/content/application~1json");
          JsonNode example =
              content.path("examples").isObject()
                  ? content.path("examples").properties().iterator().next().getValue().path("value")
                  : content.path("example");
          answer = example.isMissingNode() ? Json.JSON.createObjectNode() : example;
          break;
        }
      }
    }
    byte[] out = Json.JSON.writeValueAsBytes(answer);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
