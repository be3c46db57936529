package dev.poros.source;

/**
 * A file of a snapshot bigger than its repository allows, found from its size before its content
 * was read: that file's problem, not the sync's.
 */
public final class FileTooLargeException extends RuntimeException {
  public FileTooLargeException(long size, long limit) {
    super("too large (" + size + " bytes, limit " + limit + ")");
  }
}
