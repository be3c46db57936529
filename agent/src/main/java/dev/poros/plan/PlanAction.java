package dev.poros.plan;

/** What a plan step intends. */
public enum PlanAction {
  CREATE,
  UPDATE,
  DELETE,
  UNCHANGED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
