package dev.poros.store;

import dev.poros.model.ObjectRef;

/**
 * One object of a resource's inventory: which object, its uid on the cluster, and the hash of what
 * was applied ("" when applying it began and was not seen to finish).
 */
public record OwnedObject(ObjectRef ref, String uid, String hash) {
  public boolean applied() {
    return !hash.isEmpty();
  }
}
