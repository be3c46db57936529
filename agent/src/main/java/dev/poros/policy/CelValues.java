package dev.poros.policy;

import com.google.protobuf.NullValue;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.RandomAccess;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * JSON as CEL sees it: maps, lists, {@code int} as long, {@code double}, strings, null. Objects and
 * arrays are views whose members are made CEL values when read: a policy reads a few fields of a
 * manifest, and making all of them was a tenth of an admission.
 */
final class CelValues {
  private CelValues() {}

  static Object of(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      return new JsonMap(node);
    }
    if (node.isArray()) {
      return new JsonList(node);
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.asLong() : (Object) node.asDouble();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asString();
  }

  /** A JSON object as a map of CEL values, in the object's order. */
  private static final class JsonMap extends AbstractMap<String, Object> {
    private final JsonNode object;

    JsonMap(JsonNode object) {
      this.object = object;
    }

    @Override
    public Object get(Object key) {
      JsonNode value = key instanceof String field ? object.get(field) : null;
      return value == null ? null : of(value);
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String field && object.has(field);
    }

    @Override
    public int size() {
      return object.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Entry<String, JsonNode>> fields = object.properties().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return fields.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Entry<String, JsonNode> field = fields.next();
              return new SimpleImmutableEntry<>(field.getKey(), of(field.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return object.size();
        }
      };
    }
  }

  /** A JSON array as a list of CEL values. */
  private static final class JsonList extends AbstractList<Object> implements RandomAccess {
    private final JsonNode array;

    JsonList(JsonNode array) {
      this.array = array;
    }

    @Override
    public Object get(int index) {
      return of(array.get(index));
    }

    @Override
    public int size() {
      return array.size();
    }
  }
}
