package dev.poros.plan;

import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import java.util.Set;

/**
 * One step of a plan: the resource, what to do and why, the desired resource (null for a delete),
 * the recorded one (null for a create), the readable diff (secrets masked; empty when unchanged)
 * and the keys this resource needs, which must not have failed before it is applied.
 */
public record PlanStep(
    ResourceKey key,
    PlanAction action,
    String reason,
    Resource desired,
    RecordedResource recorded,
    String diff,
    Set<ResourceKey> needs) {

  public PlanStep {
    needs = Set.copyOf(needs);
  }
}
