package dev.poros.model;

import java.util.Set;

/**
 * A resource's claim that it needs another: the field that says so (JSON pointer), the target as
 * written (a full id or a bare name), the types a bare name may resolve to (empty: any type) and
 * the workspace a workspace-level target is looked for in (null: the referrer's own).
 */
public record Reference(String pointer, String target, Set<ResourceType> types, String workspace) {

  public Reference {
    types = Set.copyOf(types);
  }

  /** Whether the target is written as a full identity rather than a name. */
  public boolean isId() {
    return target.contains(":");
  }
}
