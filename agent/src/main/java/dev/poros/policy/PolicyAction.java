package dev.poros.policy;

import java.util.Locale;

/** What a failed validation does: reject the resource, warn and apply it, or only record it. */
public enum PolicyAction {
  DENY,
  WARN,
  AUDIT;

  static PolicyAction of(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
