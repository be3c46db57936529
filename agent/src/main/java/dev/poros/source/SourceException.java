package dev.poros.source;

/** A repository that cannot be reached, fetched or resolved; the message says which and why. */
public class SourceException extends RuntimeException {
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceException(String message) {
    super(message);
  }
}
