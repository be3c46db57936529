package dev.poros.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * YAML merge keys ({@code <<: *base}, {@code <<: [*a, *b]}), applied to a document read with its
 * aliases expanded: the merged mappings' keys join the mapping unless it has them itself, earlier
 * mappings of a list before later ones — the YAML 1.1 merge type, as Kubernetes' YAML reader
 * applies it. Field lines follow the keys to where they now are.
 */
final class MergeKeys {
  static final String MERGE = "<<";

  private MergeKeys() {}

  static void apply(JsonNode document, Map<String, Integer> lines) {
    apply(document, "", lines);
  }

  private static void apply(JsonNode node, String pointer, Map<String, Integer> lines) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        apply(node.get(i), pointer + "/" + i, lines);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    ObjectNode mapping = (ObjectNode) node;
    for (String name : new ArrayList<>(mapping.propertyNames())) {
      apply(mapping.get(name), pointer + "/" + escape(name), lines);
    }
    JsonNode merged = mapping.remove(MERGE);
    if (merged == null) {
      return;
    }
    String at = pointer + "/" + MERGE;
    List<String> sources = new ArrayList<>();
    if (merged.isObject()) {
      sources.add(at);
    } else if (merged.isArray() && merged.valueStream().allMatch(JsonNode::isObject)) {
      for (int i = 0; i < merged.size(); i++) {
        sources.add(at + "/" + i);
      }
    } else {
      throw new YamlSyntaxException(
          lines.getOrDefault(at, 1),
          "'<<' (merge key) at " + at + " must be a mapping or a list of mappings");
    }
    Map<String, String> movedFrom = new HashMap<>(); // source pointer prefix -> target prefix
    for (String source : sources) {
      JsonNode from = merged.isObject() ? merged : merged.get(Integer.parseInt(last(source)));
      for (String name : from.propertyNames()) {
        if (!mapping.has(name)) {
          mapping.set(name, from.get(name));
          movedFrom.put(source + "/" + escape(name), pointer + "/" + escape(name));
        }
      }
    }
    Set<String> under = new TreeSet<>();
    lines.keySet().stream().filter(p -> p.equals(at) || p.startsWith(at + "/")).forEach(under::add);
    for (String p : under) {
      Integer line = lines.remove(p);
      movedFrom.forEach(
          (from, to) -> {
            if (p.equals(from) || p.startsWith(from + "/")) {
              lines.putIfAbsent(to + p.substring(from.length()), line);
            }
          });
    }
  }

  private static String last(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
