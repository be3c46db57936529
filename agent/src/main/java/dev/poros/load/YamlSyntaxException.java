package dev.poros.load;

/** A YAML file that does not parse, with the line where the parser gave up. */
public final class YamlSyntaxException extends RuntimeException {
  private final int line;

  YamlSyntaxException(int line, String message) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
