package dev.poros.model;

/** What applying one plan step did, as Flux's ssa ChangeSet names it. */
public enum Action {
  CREATED,
  CONFIGURED,
  UNCHANGED,
  DELETED,
  SKIPPED,
  FAILED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean failed() {
    return this == FAILED;
  }
}
