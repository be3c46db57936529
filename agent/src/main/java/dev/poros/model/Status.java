package dev.poros.model;

/** A recorded resource's lifecycle: applied as declared, declared but failing, or pruned. */
public enum Status {
  ACTIVE,
  ERROR,
  DELETED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
