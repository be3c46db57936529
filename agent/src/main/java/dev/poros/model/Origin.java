package dev.poros.model;

import java.util.Map;

/**
 * Where a resource was declared: its file in the repository, the line its document starts on, and
 * the line of every field (keyed by JSON pointer) so that errors can point at the field.
 */
public record Origin(String file, int line, Map<String, Integer> fieldLines) {

  public Origin {
    fieldLines = FieldLines.copyOf(fieldLines);
  }

  public static Origin of(String file, int line) {
    return new Origin(file, line, Map.of());
  }

  /** The line of the field at {@code pointer}, or of its nearest declared parent. */
  public int lineOf(String pointer) {
    String p = pointer;
    while (!p.isEmpty()) {
      Integer found = fieldLines.get(p);
      if (found != null) {
        return found;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
    return line;
  }

  /** A problem with the field at {@code pointer} of this resource. */
  public Problem problem(String pointer, String message) {
    return new Problem(file, lineOf(pointer), Problem.fieldName(pointer), message);
  }
}
