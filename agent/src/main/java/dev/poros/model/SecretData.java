package dev.poros.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The secret values of a resource, keyed by the JSON pointer of each value in its manifest. Never
 * printed: {@link #toString()} names only the keys.
 */
public record SecretData(Map<String, String> values) {

  public static final SecretData NONE = new SecretData(Map.of());

  /** What every secret value is shown as. */
  public static final String MASK = "***";

  public SecretData {
    values = Map.copyOf(new TreeMap<>(values));
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    return "SecretData" + new TreeMap<>(values).keySet();
  }
}
