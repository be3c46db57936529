package dev.poros.load;

import dev.poros.model.ResourceType;
import dev.poros.model.SecretData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds the secret values of a manifest — {@code data} of {@code secret} and {@code
 * instance-secret}, of each of a depot's inline {@code connectionSecret}s, {@code data} and {@code
 * stringData} of a Kubernetes Secret — and gives the manifest with each of them replaced by {@link
 * SecretData#MASK}.
 */
final class SecretMasker {
  private SecretMasker() {}

  record Masked(JsonNode manifest, SecretData secrets) {}

  static Masked mask(ResourceType type, String kind, JsonNode manifest) {
    List<String> holders = holders(type, kind, manifest);
    if (holders.isEmpty()) {
      return new Masked(manifest, SecretData.NONE);
    }
    ObjectNode masked = (ObjectNode) manifest.deepCopy();
    Map<String, String> values = new LinkedHashMap<>();
    for (String holder : holders) {
      JsonNode data = masked.at(holder);
      if (data instanceof ObjectNode object) {
        for (String field : List.copyOf(object.propertyNames())) {
          JsonNode value = object.get(field);
          values.put(
              holder + "/" + escape(field), value.isString() ? value.asString() : value.toString());
          object.put(field, SecretData.MASK);
        }
      }
    }
    return new Masked(masked, new SecretData(values));
  }

  private static List<String> holders(ResourceType type, String kind, JsonNode manifest) {
    if (type.holdsSecrets()) {
      return List.of("/" + type.typeName() + "/data");
    }
    if (type == ResourceType.DEPOT) {
      // the older depot form carries its credentials inline
      List<String> inline = new ArrayList<>();
      for (int i = 0; i < manifest.at("/depot/connectionSecret").size(); i++) {
        inline.add("/depot/connectionSecret/" + i + "/data");
      }
      return inline;
    }
    if (type == ResourceType.KUBERNETES && "Secret".equals(kind)) {
      return List.of("/data", "/stringData");
    }
    return List.of();
  }

  private static String escape(String field) {
    return field.replace("~", "~0").replace("/", "~1");
  }
}
