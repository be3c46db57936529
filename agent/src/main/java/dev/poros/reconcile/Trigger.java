package dev.poros.reconcile;

import java.util.Locale;

/** What started a sync. */
public enum Trigger {
  CLI,
  SCHEDULE,
  WEBHOOK,
  API,
  /** {@code poros forget}: the repository's resources go. */
  FORGET,
  /** The cluster no longer holds what was applied: self-heal. */
  DRIFT,
  /** A pull request's head, planned for its preview (never applied). */
  PREVIEW;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
