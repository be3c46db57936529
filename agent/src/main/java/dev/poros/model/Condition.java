package dev.poros.model;

import java.util.List;

/**
 * What a bundle member waits for before it is applied: another resource's status and/or runtime
 * being one of the listed values (DataOS's {@code dependencyConditions}). An empty list does not
 * constrain. A runtime written {@code running:1} means running.
 */
public record Condition(ResourceKey target, List<String> statusIs, List<String> runtimeIs) {
  public Condition {
    statusIs = List.copyOf(statusIs);
    runtimeIs =
        runtimeIs.stream().map(r -> r.contains(":") ? r.substring(0, r.indexOf(':')) : r).toList();
  }

  /**
   * Why the condition does not hold for a target with this status and runtime; null when it holds.
   */
  public String unmetBy(String status, String runtime) {
    if (!statusIs.isEmpty() && !statusIs.contains(status)) {
      return target.id() + " is " + status + ", want " + String.join(" or ", statusIs);
    }
    if (!runtimeIs.isEmpty() && !runtimeIs.contains(runtime)) {
      return target.id()
          + " runtime is "
          + (runtime == null ? "none" : runtime)
          + ", want "
          + String.join(" or ", runtimeIs);
    }
    return null;
  }
}
