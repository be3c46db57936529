package dev.poros.cli;

import dev.poros.model.Json;
import dev.poros.model.Problem;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes results as JSON or YAML documents; field order is the order given, and stable. */
final class Output {
  private Output() {}

  static void write(PrintWriter out, Format format, Object value) {
    switch (format) {
      case JSON -> out.println(Json.PRETTY.writeValueAsString(value));
      case YAML -> out.print(Json.YAML.writeValueAsString(Json.PRETTY.valueToTree(value)));
      case TABLE -> throw new IllegalArgumentException("tables are printed by their command");
    }
    out.flush();
  }

  /** A map that keeps insertion order, for building output objects field by field. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static Map<String, Object> problem(Problem p) {
    return object("file", p.file(), "line", p.line(), "field", p.field(), "message", p.message());
  }
}
