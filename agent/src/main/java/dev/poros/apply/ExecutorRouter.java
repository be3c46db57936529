package dev.poros.apply;

import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;

/** Chooses the executor of each resource. */
@FunctionalInterface
public interface ExecutorRouter {
  Executor route(ResourceKey key, ResourceType type);

  /** One executor for every resource, as {@code --executor} chooses. */
  static ExecutorRouter all(Executor executor) {
    return (key, type) -> executor;
  }
}
