package dev.poros.template;

/** A template that cannot be parsed or rendered: the line (1-based, in the template) and why. */
public final class TemplateException extends RuntimeException {
  private final int line;

  public TemplateException(int line, String message) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }

  @Override
  public String toString() {
    return "line " + line + ": " + getMessage();
  }
}
