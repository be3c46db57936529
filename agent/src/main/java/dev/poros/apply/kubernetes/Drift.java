package dev.poros.apply.kubernetes;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How a live object differs from what Poros applied: every field Poros set that now holds something
 * else, or nothing. Fields the server or others added are not drift; lists compare item by item, so
 * defaults the server fills into list items are not drift either.
 */
final class Drift {
  private Drift() {}

  /** The differences, one line each ("{@code spec.replicas: 2 → 5}"); empty when none. */
  static List<String> between(JsonNode applied, JsonNode live, boolean secret) {
    List<String> differences = new ArrayList<>();
    compare("", applied, live, secret, differences);
    return differences;
  }

  private static void compare(
      String path, JsonNode applied, JsonNode live, boolean secret, List<String> out) {
    if (live == null || live.isMissingNode() || live.isNull()) {
      if (!applied.isNull()) {
        out.add(path + ": missing (applied " + show(applied, secret) + ")");
      }
      return;
    }
    if (applied.isObject()) {
      if (!live.isObject()) {
        out.add(path + ": " + show(applied, secret) + " → " + show(live, secret));
        return;
      }
      for (String field : applied.propertyNames()) {
        compare(
            path.isEmpty() ? field : path + "." + field,
            applied.get(field),
            live.get(field),
            secret,
            out);
      }
    } else if (applied.isArray()) {
      if (!live.isArray() || live.size() != applied.size()) {
        out.add(path + ": " + show(applied, secret) + " → " + show(live, secret));
        return;
      }
      for (int i = 0; i < applied.size(); i++) {
        compare(path + "[" + i + "]", applied.get(i), live.get(i), secret, out);
      }
    } else if (!sameScalar(applied, live)) {
      out.add(path + ": " + show(applied, secret) + " → " + show(live, secret));
    }
  }

  /** Scalars compare by their text: the server may give back 1 for "1" in an int-or-string. */
  private static boolean sameScalar(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return !b.isContainer() && a.asString("").equals(b.asString(""));
  }

  private static String show(JsonNode value, boolean secret) {
    if (secret) {
      return "***";
    }
    String text = value.isString() ? value.asString() : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
