package dev.poros.reconcile;

import java.util.Locale;

/** How a sync ended. */
public enum SyncOutcome {
  /** Every declared resource is applied as declared. */
  SUCCEEDED,
  /** The sync ran, but some resources failed or were rejected; the others are applied. */
  DEGRADED,
  /** Nothing could be synced: the repository could not be fetched or read. */
  FAILED,
  /** The plan was computed and shown, nothing applied. */
  DRY_RUN;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
