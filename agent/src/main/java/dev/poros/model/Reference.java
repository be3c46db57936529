package dev.poros.model;

import java.util.Set;

/**
 * A resource's claim that it needs another: the field that says so (JSON pointer), the target as
 * written (a full id or a bare name), the types a bare name may resolve to (empty: any type) and
 * the workspace a workspace-level target is looked for in (null: the referrer's own); {@code
 * optional}: a mention (a DataOS address in a stackSpec) that needs its target only if it is
 * declared, and is no problem if not.
 */
public record Reference(
    String pointer, String target, Set<ResourceType> types, String workspace, boolean optional) {

  public Reference {
    // the same pointers recur in every resource of a type, each kept as long as it is loaded
    pointer = pointer.intern();
    types = Set.copyOf(types);
  }

  public Reference(String pointer, String target, Set<ResourceType> types, String workspace) {
    this(pointer, target, types, workspace, false);
  }

  /** Whether the target is written as a full identity rather than a name. */
  public boolean isId() {
    return target.contains(":");
  }
}
