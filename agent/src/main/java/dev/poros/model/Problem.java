package dev.poros.model;

/**
 * Something wrong with what a repository declares, said so a user can find it: the file, the line,
 * the field (dotted path, empty for the whole document) and what is wrong.
 */
public record Problem(String file, int line, String field, String message) {

  /** Turns a JSON pointer ({@code /workflow/dag/0/name}) into the dotted path users read. */
  public static String fieldName(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String part : pointer.substring(1).split("/", -1)) {
      String unescaped = part.replace("~1", "/").replace("~0", "~");
      if (!unescaped.isEmpty() && unescaped.chars().allMatch(Character::isDigit)) {
        out.append('[').append(unescaped).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(unescaped);
      }
    }
    return out.toString();
  }

  /**
   * {@code file:line: field: message}, the form every command prints; a problem of the whole
   * commit, in no file, is its message alone.
   */
  @Override
  public String toString() {
    return (file.isEmpty() ? "" : file + ":" + line + ": ")
        + (field.isEmpty() ? "" : field + ": ")
        + message;
  }
}
