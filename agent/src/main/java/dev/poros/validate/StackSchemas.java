package dev.poros.validate;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.poros.model.Json;
import dev.poros.model.Lazy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas stacks declare for their {@code stackSpec} ({@code
 * stackSpecValueSchema.jsonSchema}, a schema written as a string, usually draft-04 or draft-07),
 * compiled once per distinct text.
 */
final class StackSchemas {
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /** Made at the first schema: a sync that checks no stack loads no schema validator. */
  private final Lazy<SchemaRegistry> registry =
      new Lazy<>(() -> SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7));

  /** The compiled schema, or an {@link IllegalArgumentException} saying why the text is not one. */
  Schema compile(String text) {
    return compiled.computeIfAbsent(
        text,
        t -> {
          JsonNode node;
          try {
            node = Json.JSON.readTree(t);
          } catch (JacksonException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage());
          }
          try {
            Schema schema = registry.get().getSchema(node);
            schema.initializeValidators();
            return schema;
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a usable JSON Schema: " + e.getMessage());
          }
        });
  }
}
