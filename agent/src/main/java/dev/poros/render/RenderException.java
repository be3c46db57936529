package dev.poros.render;

/**
 * A runnable that cannot be rendered: its stack's templates fail on its data, or it says too
 * little.
 */
public final class RenderException extends RuntimeException {
  public RenderException(String message) {
    super(message);
  }
}
