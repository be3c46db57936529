package dev.poros.model;

import java.util.Locale;

/** What applying one plan step did, as Flux's ssa ChangeSet names it. */
public enum Action {
  CREATED,
  CONFIGURED,
  UNCHANGED,
  DELETED,
  SKIPPED,
  /** Held back until a condition on another resource holds; applied by a later sync. */
  WAITING,
  FAILED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean failed() {
    return this == FAILED;
  }
}
