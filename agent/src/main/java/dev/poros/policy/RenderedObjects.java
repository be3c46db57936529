package dev.poros.policy;

import dev.poros.model.Resource;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The Kubernetes objects a runnable becomes under the executor that applies it, secret values
 * masked: policies that match {@code kinds} check them too, as {@code object}, with the runnable as
 * {@code resource}. None outside the Kubernetes executor.
 */
public interface RenderedObjects {
  RenderedObjects NONE = resource -> List.of();

  /** What {@code runnable} becomes; empty when nothing (or when it cannot be rendered). */
  List<JsonNode> of(Resource runnable);
}
