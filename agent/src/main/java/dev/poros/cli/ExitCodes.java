package dev.poros.cli;

/** The exit codes every command keeps. */
final class ExitCodes {
  static final int OK = 0;

  /**
   * Some resource failed or is invalid, or the commit was refused (not signed by a trusted key).
   */
  static final int RESOURCE_FAILED = 1;

  /** Bad usage, or an environment that does not work (unreadable repository, DB). */
  static final int USAGE_OR_ENVIRONMENT = 2;

  /** The agent lost its Lease: another agent may write the data directory now. */
  static final int LEASE_LOST = 3;

  private ExitCodes() {}
}
