package dev.poros.cli;

/** A command given what it cannot work with; exit code 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
