package dev.poros.source;

/** A repository that cannot be reached, fetched or resolved; the message says which and why. */
public class SourceException extends RuntimeException {
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceException(String message) {
    super(message);
  }

  /**
   * {@code cause} as the failure of a sync: itself when it already is one, else {@code what} with
   * its message (JGit, the disk and executors throw unchecked exceptions too).
   */
  public static SourceException of(String what, RuntimeException cause) {
    if (cause instanceof SourceException known) {
      return known;
    }
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new SourceException(what + ": " + why, cause);
  }
}
