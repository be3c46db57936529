package dev.poros.model;

/** What an exception comes down to, for messages that name the real reason. */
public final class Failures {
  private Failures() {}

  /** The innermost cause of {@code e} ({@code e} itself when it has none). */
  public static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
