package dev.poros.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A stack's {@code successCondition} or {@code failureCondition} on a live object, in the syntax
 * DataOS took from Argo Workflows' resource templates: label-selector requirements whose keys are
 * paths into the object ({@code status.jobStatus.state == FINISHED, status.succeeded > 0}) — {@code
 * =}, {@code ==}, {@code !=}, {@code in (…)}, {@code notin (…)}, {@code >}, {@code <}, a bare path
 * (exists) and {@code !path} (does not exist). As in Argo, a success condition holds when all its
 * requirements do, a failure condition when any does; an empty condition has no requirements.
 */
public record ResourceCondition(String text, List<Requirement> requirements) {
  public static final ResourceCondition NONE = new ResourceCondition("", List.of());

  private static final Pattern REQUIREMENT =
      Pattern.compile(
          "\\s*(!)?\\s*([A-Za-z0-9_./-]+)\\s*"
              + "(?:(==|=|!=|>|<)\\s*([A-Za-z0-9_.-]*)|\\s(in|notin)\\s*\\(([^)]*)\\))?\\s*");

  /** Thrown for text that is not a condition; the message says what is wrong. */
  public static final class SyntaxException extends RuntimeException {
    SyntaxException(String message) {
      super(message);
    }
  }

  /** One requirement: the path, the operator and the values it compares with. */
  public record Requirement(String path, String operator, Set<String> values) {
    boolean matches(JsonNode object) {
      JsonNode at = at(object, path);
      boolean exists = !at.isMissingNode() && !at.isNull();
      String value = exists ? text(at) : null;
      return switch (operator) {
        case "exists" -> exists;
        case "!" -> !exists;
        case "=", "==", "in" -> exists && values.contains(value);
        case "!=", "notin" -> !exists || !values.contains(value);
        case ">", "<" -> exists && compare(value, values.iterator().next(), operator);
        default -> throw new IllegalStateException(operator);
      };
    }

    @Override
    public String toString() {
      return switch (operator) {
        case "exists" -> path;
        case "!" -> "!" + path;
        case "in", "notin" -> path + " " + operator + " (" + String.join(",", values) + ")";
        default -> path + " " + operator + " " + values.iterator().next();
      };
    }
  }

  /** Parses {@code text}; blank text is {@link #NONE}. */
  public static ResourceCondition parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String part : split(text)) {
      Matcher m = REQUIREMENT.matcher(part);
      if (!m.matches()) {
        throw new SyntaxException("'" + part.strip() + "' is not a requirement");
      }
      String path = m.group(2);
      if (m.group(1) != null) {
        if (m.group(3) != null || m.group(5) != null) {
          throw new SyntaxException("'" + part.strip() + "': '!' takes a path only");
        }
        requirements.add(new Requirement(path, "!", Set.of()));
      } else if (m.group(3) != null) {
        String operator = m.group(3);
        String value = m.group(4);
        if ((operator.equals(">") || operator.equals("<")) && !value.matches("-?\\d+")) {
          throw new SyntaxException(
              "'" + part.strip() + "': " + operator + " compares with an integer");
        }
        requirements.add(new Requirement(path, operator, Set.of(value)));
      } else if (m.group(5) != null) {
        Set<String> values =
            Collections.unmodifiableSortedSet(
                List.of(m.group(6).split(",")).stream()
                    .map(String::strip)
                    .filter(v -> !v.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new)));
        if (values.isEmpty()) {
          throw new SyntaxException("'" + part.strip() + "': " + m.group(5) + " needs values");
        }
        requirements.add(new Requirement(path, m.group(5), values));
      } else {
        requirements.add(new Requirement(path, "exists", Set.of()));
      }
    }
    return new ResourceCondition(text.strip(), List.copyOf(requirements));
  }

  /** Whether every requirement holds on {@code object} (true for {@link #NONE}). */
  public boolean allHold(JsonNode object) {
    return requirements.stream().allMatch(r -> r.matches(object));
  }

  /** The first requirement that holds on {@code object}, if any. */
  public Optional<Requirement> anyHolding(JsonNode object) {
    return requirements.stream().filter(r -> r.matches(object)).findFirst();
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** Commas between requirements, not those inside an {@code in (…)} list. */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** gjson's plain paths: dot-separated fields, a number indexes an array. */
  private static JsonNode at(JsonNode object, String path) {
    JsonNode at = object;
    for (String field : path.split("\\.")) {
      at =
          at.isArray() && field.matches("\\d+") ? at.path(Integer.parseInt(field)) : at.path(field);
    }
    return at;
  }

  /** As gjson's {@code String()}: a string's text, other scalars as written, else JSON. */
  private static String text(JsonNode node) {
    return node.isString()
        ? node.asString()
        : node.isValueNode() ? node.toString() : Json.canonical(node);
  }

  private static boolean compare(String value, String bound, String operator) {
    long number;
    try {
      number = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return false;
    }
    long limit = Long.parseLong(bound);
    return operator.equals(">") ? number > limit : number < limit;
  }
}
