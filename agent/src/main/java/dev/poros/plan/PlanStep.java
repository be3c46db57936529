package dev.poros.plan;

import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import java.util.Set;

/**
 * One step of a plan: the resource, what to do and why, the desired resource (null for a delete),
 * the recorded one (null for a create), the readable diff (secrets masked; empty when unchanged;
 * null: a creation's, see {@link #diff()}) and the keys this resource needs, which must not have
 * failed before it is applied.
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

  /** The step of a resource known unchanged without being planned, as a plan reports it. */
  public static PlanStep knownUnchanged(ResourceKey key) {
    return new PlanStep(key, PlanAction.UNCHANGED, Planner.UP_TO_DATE, null, null, "", Set.of());
  }

  /**
   * The readable diff. A creation's is the whole spec as YAML: rendered when asked for (the
   * recorder asks once, as the step is recorded), not held — a cold sync of 50,000 resources held
   * 40 MB of them from its plan to the end of its apply.
   */
  @Override
  public String diff() {
    return diff != null ? diff : YamlDiff.unified(key.id(), null, desired.maskedJson());
  }
}
