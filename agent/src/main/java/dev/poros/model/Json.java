package dev.poros.model;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The one Jackson (3) mapper family Poros uses. The mappers are immutable, so sharing them is safe.
 * {@link #JSON} writes object properties sorted, which is what makes the canonical form canonical.
 */
public final class Json {
  /** The node factory of every mapper here: trees that take half the memory of Jackson's own. */
  public static final JsonNodeFactory NODES = new CompactNodes();

  /** Canonical JSON: sorted keys, no whitespace. */
  public static final JsonMapper JSON =
      JsonMapper.builder()
          .nodeFactory(NODES)
          .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  /**
   * YAML for reading manifests (duplicate keys are an error) and for writing; it keeps the order it
   * is given, and canonical JSON comes sorted.
   */
  public static final YAMLMapper YAML =
      YAMLMapper.builder()
          .nodeFactory(NODES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .build();

  /** Indented JSON for people and scripts: objects keep the order their fields were put in. */
  public static final JsonMapper PRETTY =
      JsonMapper.builder().nodeFactory(NODES).enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  public static String canonical(JsonNode node) {
    return JSON.writeValueAsString(node);
  }

  public static JsonNode parse(String json) {
    return JSON.readTree(json);
  }

  /** The canonical YAML of a JSON document, as diffs show it. */
  public static String toYaml(String json) {
    return YAML.writeValueAsString(JSON.readTree(json));
  }
}
