package dev.poros.reconcile;

/** What started a sync. */
public enum Trigger {
  CLI,
  SCHEDULE,
  WEBHOOK,
  API;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
