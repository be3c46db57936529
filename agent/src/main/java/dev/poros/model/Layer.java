package dev.poros.model;

import java.util.Locale;

/** DataOS layers: what users declare, and what the system ships and keeps. */
public enum Layer {
  USER,
  SYSTEM;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
