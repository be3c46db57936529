package dev.poros.render;

import dev.poros.model.DataOsAddress;
import dev.poros.model.Json;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.template.Addresses;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * DataOS's {@code resolve} over the depots a runnable needs: an address's {@code .Depot}, {@code
 * .Collection}, {@code .Dataset}, {@code .Type} (lower case), {@code .Format}, the depot's spec
 * under its type capitalised with capitalised keys ({@code .Abfss.Account}, {@code .Pulsar.Tenant})
 * and {@code .Resolution}: the spec as written with the address's query over it. Secret values are
 * masked: templates write what they see into manifests.
 */
final class DepotAddresses implements Addresses {
  private final Map<String, Resource> depots = new HashMap<>();

  DepotAddresses(Collection<Resource> needed) {
    needed.stream()
        .filter(r -> r.type() == ResourceType.DEPOT)
        .forEach(r -> depots.putIfAbsent(r.name(), r));
  }

  @Override
  public Map<String, Object> resolve(String text) {
    DataOsAddress address =
        DataOsAddress.parse(text)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + text
                            + "' is not a DataOS address (dataos://DEPOT:COLLECTION/DATASET)"));
    Resource depot = depots.get(address.depot());
    if (depot == null) {
      throw new IllegalArgumentException(
          "depot '" + address.depot() + "' of " + text + " is not declared");
    }
    JsonNode section = depot.maskedManifest().path("depot");
    String type = section.path("type").asString("").toLowerCase(Locale.ROOT);
    Map<String, Object> spec = map(section.path("spec"));
    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("Address", address.text());
    resolved.put("Depot", address.depot());
    resolved.put("Collection", address.collection());
    resolved.put("Dataset", address.dataset());
    resolved.put("Type", type);
    String format = address.query().get("format");
    resolved.put(
        "Format", format != null ? format : String.valueOf(spec.getOrDefault("format", "")));
    Map<String, Object> connection = new LinkedHashMap<>();
    spec.forEach((key, value) -> connection.put(capitalized(key), value));
    if (!type.isEmpty()) {
      resolved.put(capitalized(type), connection);
    }
    Map<String, Object> resolution = new LinkedHashMap<>(spec);
    resolution.putAll(address.query());
    resolved.put("Resolution", resolution);
    return resolved;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode node) {
    return node.isObject() ? Json.JSON.convertValue(node, LinkedHashMap.class) : Map.of();
  }

  private static String capitalized(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
