package dev.poros.store;

import dev.poros.model.ObjectRef;

/**
 * One object of a resource's inventory: which object, its uid on the cluster, the hash of what was
 * applied ("" when applying it began and was not seen to finish), and what was applied (JSON, a
 * Secret's values as keyed digests), to tell drift by.
 */
public record OwnedObject(ObjectRef ref, String uid, String hash, String appliedJson) {
  public boolean applied() {
    return !hash.isEmpty();
  }
}
