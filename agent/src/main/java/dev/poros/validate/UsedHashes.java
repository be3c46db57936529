package dev.poros.validate;

import dev.poros.model.DesiredState;
import dev.poros.model.Hashes;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A resource's hash made to cover what it uses: its own hash and the hashes of the resources it
 * references (theirs covering what they use in turn), so that a rotated secret, a changed stack or
 * depot changes — and re-plans — exactly the resources that use it, in this repository or another.
 * Resources of other repositories and built-ins count with their recorded hash, which covers what
 * they used when applied.
 */
public final class UsedHashes {
  private final Map<ResourceKey, Resource> declared = new HashMap<>();
  private final Function<ResourceKey, Resource> elsewhere;
  private final Map<ResourceKey, Set<ResourceKey>> needs;
  private final Map<ResourceKey, String> folded = new HashMap<>();
  private final Set<ResourceKey> folding = new HashSet<>();

  private UsedHashes(
      List<Resource> own,
      Function<ResourceKey, Resource> elsewhere,
      Map<ResourceKey, Set<ResourceKey>> needs) {
    own.forEach(r -> declared.put(r.key(), r));
    this.elsewhere = elsewhere;
    this.needs = needs;
  }

  private static Map<ResourceKey, Resource> byKey(List<Resource> available) {
    Map<ResourceKey, Resource> byKey = new HashMap<>();
    available.forEach(r -> byKey.putIfAbsent(r.key(), r));
    return byKey;
  }

  /** {@code desired} with each resource's hash covering what it uses. */
  public static DesiredState fold(DesiredState desired, List<Resource> available) {
    UsedHashes hashes = new UsedHashes(desired.resources(), byKey(available)::get, desired.needs());
    List<Resource> resources =
        desired.resources().stream().map(r -> r.withHash(hashes.of(r.key()))).toList();
    return desired.judged(
        resources, desired.rejected(), desired.policyWarnings(), desired.policyAudits());
  }

  /**
   * {@code changed} with each hash covering what it uses, as {@link #fold} would make it, where
   * {@code folded} — the commit's other resources, by key — already carry theirs: what a commit
   * that changed only some resources' content costs (they, and what uses them, are all that is
   * folded again; the others are looked up, not copied).
   */
  public static List<Resource> fold(
      List<Resource> changed,
      Map<ResourceKey, Set<ResourceKey>> needs,
      Map<ResourceKey, Resource> folded,
      List<Resource> available) {
    Map<ResourceKey, Resource> elsewhere = byKey(available);
    UsedHashes hashes =
        new UsedHashes(
            changed,
            key -> {
              Resource declaredBefore = folded.get(key);
              return declaredBefore != null ? declaredBefore : elsewhere.get(key);
            },
            needs);
    return changed.stream().map(r -> r.withHash(hashes.of(r.key()))).toList();
  }

  private String of(ResourceKey key) {
    Resource own = declared.get(key);
    if (own == null) {
      Resource other = elsewhere.apply(key);
      return other == null ? "" : other.hash();
    }
    Set<ResourceKey> used = needs.getOrDefault(key, Set.of());
    if (used.isEmpty()) {
      return own.hash();
    }
    String known = folded.get(key);
    if (known != null) {
      return known;
    }
    if (!folding.add(key)) {
      return own.hash(); // a cycle: rejected by validation already, never applied
    }
    StringBuilder text = new StringBuilder(own.hash());
    for (ResourceKey target : new TreeSet<>(used)) {
      text.append('\n').append(target.id()).append('=').append(of(target));
    }
    folding.remove(key);
    String hash = Hashes.sha256(text.toString());
    folded.put(key, hash);
    return hash;
  }
}
