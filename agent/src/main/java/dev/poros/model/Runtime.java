package dev.poros.model;

import java.util.Locale;

/** What a runnable resource is doing; types that do not run have none. */
public enum Runtime {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** A run the agent's stopping cut short; a one-shot workflow's runs again at the next start. */
  INTERRUPTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
