package dev.poros.server;

import dev.poros.model.Json;
import dev.poros.model.RecordedResource;
import dev.poros.store.ResourceFilter;
import dev.poros.store.Stores;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The DataOS policies the Poros DB records as synced (not deleted), by resource id. */
public final class AccessPolicies {
  private AccessPolicies() {}

  public static Map<String, JsonNode> recorded(Stores stores) {
    Map<String, JsonNode> policies = new HashMap<>();
    for (RecordedResource policy :
        stores.resources().list(new ResourceFilter("policy", null, "active", null, false, false))) {
      policies.put(policy.key().id(), Json.JSON.readTree(policy.maskedJson()));
    }
    return policies;
  }
}
