package dev.poros.plan;

import java.util.Locale;

/** What a plan step intends. */
public enum PlanAction {
  CREATE,
  UPDATE,
  DELETE,
  UNCHANGED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
