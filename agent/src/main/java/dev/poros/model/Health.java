package dev.poros.model;

/** Health as Argo CD names it. */
public enum Health {
  HEALTHY("Healthy"),
  PROGRESSING("Progressing"),
  DEGRADED("Degraded"),
  SUSPENDED("Suspended"),
  MISSING("Missing"),
  UNKNOWN("Unknown");

  private final String label;

  Health(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Health ofLabel(String label) {
    for (Health h : values()) {
      if (h.label.equals(label)) {
        return h;
      }
    }
    throw new IllegalArgumentException("unknown health " + label);
  }
}
