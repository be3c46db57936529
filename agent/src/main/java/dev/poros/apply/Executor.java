package dev.poros.apply;

import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The executor port: makes a resource exist as declared, or not at all. Implementations report
 * failures as {@link StepResult}s; an exception is an executor bug and fails only its step.
 */
public interface Executor {
  /** The name recorded with each resource it manages ({@code local}, {@code kubernetes}). */
  String name();

  /**
   * Creates or updates {@code desired}, declared at {@code commit}; {@code previous} is null when
   * it never was applied; {@code needed} are the resources its references resolved to (its stack,
   * secrets, depot, ...).
   */
  StepResult apply(
      Resource desired, RecordedResource previous, List<Resource> needed, String commit);

  StepResult delete(RecordedResource recorded);

  /**
   * What {@code resource} becomes where this executor applies it, secret values masked, for
   * admission policies to check ({@code needed}: what its references resolved to); nothing by
   * default, and nothing when it cannot be rendered (its step fails with why).
   */
  default List<JsonNode> objectsOf(Resource resource, List<Resource> needed) {
    return List.of();
  }

  /**
   * Checks, before a sync applies anything, that the executor can work at all (a cluster it can
   * reach and is let into); throws with one line saying why not. Nothing to check by default.
   */
  default void preflight() {}

  /**
   * How many independent steps this executor may run at once (its {@code apply} is then called from
   * several threads). One by default.
   */
  default int parallelism() {
    return 1;
  }
}
