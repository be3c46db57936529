package dev.poros.model;

import java.util.Locale;

/**
 * A recorded resource's lifecycle: applied as declared, declared but failing, declared but waiting
 * for a condition (a bundle member's), or pruned.
 */
public enum Status {
  ACTIVE,
  ERROR,
  WAITING,
  DELETED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
