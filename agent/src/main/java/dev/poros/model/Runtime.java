package dev.poros.model;

/** What a runnable resource is doing; types that do not run have none. */
public enum Runtime {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
