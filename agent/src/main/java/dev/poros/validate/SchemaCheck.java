package dev.poros.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.poros.model.Lazy;
import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Checks each resource against the JSON Schema of its type ({@code schemas/TYPE.json} on the
 * classpath), and turns each schema error into a problem on the offending field's line.
 */
public final class SchemaCheck {
  private static final String SCHEMA_BASE = "https://poros.dev/schemas/";

  /** How many passing contents to remember before starting over: a bound, not a tuning knob. */
  private static final int REMEMBERED = 100_000;

  /**
   * Each type's schema, loaded at the first check: a sync of the commit already synced checks
   * nothing, and loading the validator's classes and 14 schemas was a tenth of its time.
   */
  private final Lazy<Map<ResourceType, Schema>> schemas = new Lazy<>(SchemaCheck::load);

  /**
   * The content hashes of resources that passed: the same content passes again, so a sync of an
   * unchanged repository validates only what changed (the check was a tenth of such a sync).
   */
  private final Set<String> passed = ConcurrentHashMap.newKeySet();

  private static Map<ResourceType, Schema> load() {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
    Map<ResourceType, Schema> all = new EnumMap<>(ResourceType.class);
    for (ResourceType type : ResourceType.values()) {
      Schema schema =
          registry.getSchema(SchemaLocation.of(SCHEMA_BASE + type.typeName() + ".json"));
      schema.initializeValidators();
      all.put(type, schema);
    }
    return all;
  }

  /** Checks the masked manifest, so that no message can quote a secret value. */
  public List<Problem> check(Resource resource) {
    if (passed.contains(resource.hash())) {
      return List.of();
    }
    List<Problem> problems =
        schemas.get().get(resource.type()).validate(resource.maskedManifest()).stream()
            .map(error -> problem(resource, error))
            .distinct()
            .toList();
    if (problems.isEmpty()) {
      if (passed.size() >= REMEMBERED) {
        passed.clear();
      }
      passed.add(resource.hash());
    }
    return problems;
  }

  private static Problem problem(Resource resource, Error error) {
    String pointer = pointer(error.getInstanceLocation());
    String keyword = error.getKeyword();
    if (error.getProperty() != null
        && List.of("required", "additionalProperties", "unevaluatedProperties", "propertyNames")
            .contains(keyword)) {
      pointer = pointer + "/" + error.getProperty();
    }
    return resource.origin().problem(pointer, message(error));
  }

  /** The validator's message without the location it starts with: the problem says that. */
  static String message(Error error) {
    String message = error.getMessage();
    String keyword = error.getKeyword();
    if ("required".equals(keyword)) {
      return "required field missing";
    }
    if ("additionalProperties".equals(keyword)
        || "unevaluatedProperties".equals(keyword)
        || "propertyNames".equals(keyword)) {
      return "unknown field";
    }
    if ("enum".equals(keyword)
        && error.getSchemaNode() != null
        && error.getSchemaNode().isArray()) {
      return "must be one of: "
          + String.join(", ", error.getSchemaNode().valueStream().map(JsonNode::asString).toList());
    }
    if ("type".equals(keyword)
        && error.getInstanceNode() != null
        && error.getInstanceNode().isNull()) {
      // "key:" with nothing after it, often a mis-indented block below
      return "is empty; expected "
          + error.getSchemaNode().asString(String.valueOf(error.getSchemaNode()));
    }
    int colon = message.indexOf(": ");
    return colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
  }

  static String pointer(NodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      out.append('/').append(String.valueOf(element).replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }
}
