package dev.poros.render;

import dev.poros.model.Json;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import java.util.Collection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a job's pods go: its compute's node pool — {@code nodeSelector} and {@code tolerations} —
 * found among what the runnable needs. Both null when it names no compute or its compute says
 * nothing about nodes.
 */
public record Placement(JsonNode nodeSelector, JsonNode tolerations) {

  static Placement of(String compute, Collection<Resource> needed) {
    JsonNode pool =
        needed.stream()
            .filter(r -> r.type() == ResourceType.COMPUTE && r.name().equals(compute))
            .findFirst()
            .map(c -> c.manifest().at("/compute/nodePool"))
            .orElse(Json.JSON.missingNode());
    return new Placement(
        pool.path("nodeSelector").isObject() ? pool.get("nodeSelector") : null,
        pool.path("tolerations").isArray() ? pool.get("tolerations") : null);
  }

  /** Sets them on a pod spec. */
  public void applyTo(ObjectNode pod) {
    if (nodeSelector != null) {
      pod.set("nodeSelector", nodeSelector.deepCopy());
    }
    if (tolerations != null) {
      pod.set("tolerations", tolerations.deepCopy());
    }
  }
}
