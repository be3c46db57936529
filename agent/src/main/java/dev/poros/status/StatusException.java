package dev.poros.status;

/**
 * A status that could not be posted: {@code retryable} for a network error or a 5xx, not for a
 * refusal (4xx). The message never holds the token.
 */
public final class StatusException extends Exception {
  private final boolean retryable;

  public StatusException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
