package dev.poros.model;

/** DataOS layers: what users declare, and what the system ships and keeps. */
public enum Layer {
  USER,
  SYSTEM;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
