package dev.poros.policy;

import dev.cel.runtime.CelVariableResolver;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The variables of one evaluation: the documents ({@code resource}, {@code object} and their
 * recorded versions; JSON null when there is none), where outcomes are looked up by what an
 * expression reads, and the rest ({@code commit}, {@code repository}, {@code workspaces}) as CEL
 * values. A document becomes a CEL value only when an evaluation asks for it.
 */
final class PolicyVariables implements CelVariableResolver {
  private final JsonNode resource;
  private final JsonNode object;
  private final JsonNode oldResource;
  private final JsonNode oldObject;
  private final Map<String, Object> constants;

  private PolicyVariables(
      JsonNode resource,
      JsonNode object,
      JsonNode oldResource,
      JsonNode oldObject,
      Map<String, Object> constants) {
    this.resource = resource;
    this.object = object;
    this.oldResource = oldResource;
    this.oldObject = oldObject;
    this.constants = constants;
  }

  /** {@code object}: null when the resource is no Kubernetes object. */
  static PolicyVariables of(JsonNode resource, JsonNode object, Map<String, Object> constants) {
    NullNode none = NullNode.getInstance();
    return new PolicyVariables(resource, orNull(object), none, none, constants);
  }

  /** These variables with {@code object} one the resource becomes. */
  PolicyVariables withObject(JsonNode rendered) {
    return new PolicyVariables(resource, orNull(rendered), oldResource, oldObject, constants);
  }

  /** These variables with the recorded versions ({@code oldObject} null unless an object). */
  PolicyVariables withOld(JsonNode recorded, JsonNode recordedObject) {
    return new PolicyVariables(resource, object, recorded, orNull(recordedObject), constants);
  }

  private static JsonNode orNull(JsonNode json) {
    return json == null ? NullNode.getInstance() : json;
  }

  private JsonNode document(String name) {
    return switch (name) {
      case "resource" -> resource;
      case "object" -> object;
      case "oldResource" -> oldResource;
      case "oldObject" -> oldObject;
      default -> null;
    };
  }

  @Override
  public Optional<Object> find(String name) {
    JsonNode document = document(name);
    return Optional.ofNullable(document == null ? constants.get(name) : CelValues.of(document));
  }

  /**
   * What an expression finds at the end of {@code read}: a key equal for two sets of variables
   * exactly when the expression cannot tell them apart there.
   */
  Object seen(ExpressionReads.Read read) {
    JsonNode document = document(read.variable());
    if (document == null) {
      return constants.get(read.variable());
    }
    JsonNode node = document;
    int depth = 0;
    for (String field : read.fields()) {
      JsonNode next = node.isObject() ? node.get(field) : null;
      if (next == null) {
        // a missing field (or one selected on a value that is no map) ends the chain here
        return new Seen(depth, node.isObject() ? null : new OrderedJson(node));
      }
      node = next;
      depth++;
    }
    return new Seen(depth, new OrderedJson(node));
  }

  /** Where a chain of selections ended, and the value there (null: a map without the field). */
  private record Seen(int depth, OrderedJson value) {}

  /**
   * JSON compared as CEL sees it: maps in their order (an expression can iterate a map's keys),
   * numbers by their JSON type.
   */
  private static final class OrderedJson {
    private final JsonNode node;
    private final int hash;

    OrderedJson(JsonNode node) {
      this.node = node;
      this.hash = hash(node);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof OrderedJson json && hash == json.hash && same(node, json.node);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    private static int hash(JsonNode node) {
      if (node.isObject()) {
        int hash = 1;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          hash = 31 * (31 * hash + field.getKey().hashCode()) + hash(field.getValue());
        }
        return hash;
      }
      if (node.isArray()) {
        int hash = 2;
        for (JsonNode item : node) {
          hash = 31 * hash + hash(item);
        }
        return hash;
      }
      return node.hashCode();
    }

    private static boolean same(JsonNode a, JsonNode b) {
      if (a.isObject() || a.isArray()) {
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
          return false;
        }
        if (a.isArray()) {
          for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
              return false;
            }
          }
          return true;
        }
        Iterator<Map.Entry<String, JsonNode>> others = b.properties().iterator();
        for (Map.Entry<String, JsonNode> field : a.properties()) {
          Map.Entry<String, JsonNode> other = others.next();
          if (!field.getKey().equals(other.getKey()) || !same(field.getValue(), other.getValue())) {
            return false;
          }
        }
        return true;
      }
      return a.equals(b);
    }
  }
}
