package dev.poros.apply.kubernetes;

import dev.poros.model.ObjectRef;
import dev.poros.store.InventoryStore;
import dev.poros.store.OwnedObject;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Deletes the objects a resource owns and no longer renders, and waits for them to go. An object
 * annotated {@code poros.dev/prune: disabled} is left in place and no longer Poros's; a delete that
 * fails stays in the inventory, so the next sync tries it again.
 */
final class Pruner {
  private final ObjectApplier applier;
  private final InventoryStore inventory;

  Pruner(ObjectApplier applier, InventoryStore inventory) {
    this.applier = applier;
    this.inventory = inventory;
  }

  /** What pruning did: the objects deleted, kept, and those that failed, with why. */
  record Pruned(List<ObjectRef> deleted, List<ObjectRef> kept, List<String> failed) {}

  Pruned prune(String resourceKey, List<OwnedObject> objects) {
    List<ObjectRef> deleted = new ArrayList<>();
    List<ObjectRef> kept = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (OwnedObject owned : objects) {
      ObjectRef ref = owned.ref();
      try {
        JsonNode live = applier.get(ref);
        if (live != null
            && "disabled"
                .equals(live.at("/metadata/annotations").path(Labels.PRUNE).asString(""))) {
          kept.add(ref);
        } else if (live != null) {
          applier.delete(ref);
          deleted.add(ref);
        }
        inventory.forget(resourceKey, ref);
      } catch (KubernetesClientException e) {
        failed.add("delete " + ref + ": " + ObjectApplier.describe(e));
      } catch (ObjectApplier.UnknownKind e) {
        inventory.forget(resourceKey, ref); // its kind is gone, and every object of it with it
      } catch (ObjectApplier.Refused e) {
        failed.add("delete " + ref + ": " + e.getMessage());
      }
    }
    return new Pruned(deleted, kept, failed);
  }
}
