package dev.poros.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Trees made by Poros's node factory behave as Jackson's own: order, writes, removal, equality. */
class PropertyMapTest {
  @Test
  void propertiesKeepTheirOrderBelowAndAboveTheArraysSize() {
    for (int count : new int[] {1, 3, 12, 13, 40}) {
      Map<String, JsonNode> properties = new PropertyMap();
      Map<String, JsonNode> expected = new LinkedHashMap<>();
      IntStream.range(0, count)
          .map(i -> count - i)
          .forEach(
              i -> {
                properties.put("k" + i, StringNode.valueOf("v" + i));
                expected.put("k" + i, StringNode.valueOf("v" + i));
              });
      properties.put("k1", StringNode.valueOf("again"));
      expected.put("k1", StringNode.valueOf("again"));

      assertThat(properties).containsExactlyEntriesOf(expected);
      assertThat(properties).isEqualTo(expected).hasSameHashCodeAs(expected);
      assertThat(properties.get("k" + (count + 1))).isNull();
    }
  }

  @Test
  void removalAndEntryWritesChangeTheMap() {
    Map<String, JsonNode> properties = new PropertyMap();
    for (String name : new String[] {"a", "b", "c", "d"}) {
      properties.put(name, StringNode.valueOf(name));
    }
    assertThat(properties.remove("b")).isEqualTo(StringNode.valueOf("b"));
    Iterator<Map.Entry<String, JsonNode>> entries = properties.entrySet().iterator();
    entries.next().setValue(StringNode.valueOf("A"));
    entries.next();
    entries.remove();
    assertThat(entries.next().getKey()).isEqualTo("d");
    assertThat(entries.hasNext()).isFalse();

    assertThat(properties.keySet()).containsExactly("a", "d");
    assertThat(properties.get("a")).isEqualTo(StringNode.valueOf("A"));
    properties.clear();
    assertThat(properties).isEmpty();
  }

  @Test
  void parsedTreesAreWrittenInTheirOrderAndEqualJacksonsOwn() {
    String yaml =
        "z: 1\na: {y: [1, {q: x}], b: two}\n"
            + IntStream.range(0, 20)
                .mapToObj(i -> "f" + i + ": " + i + "\n")
                .reduce("", String::concat);
    JsonNode ours = Json.YAML.readTree(yaml);
    JsonNode jacksons = YAMLMapper.builder().build().readTree(yaml);

    assertThat(((ObjectNode) ours).propertyNames())
        .containsExactlyElementsOf(jacksons.propertyNames());
    assertThat(ours).isEqualTo(jacksons);
    assertThat(Json.PRETTY.writeValueAsString(ours))
        .isEqualTo(Json.PRETTY.writeValueAsString(jacksons));
    assertThat(Json.canonical(ours)).isEqualTo(Json.canonical(jacksons));
    ((ObjectNode) ours).remove("a");
    assertThat(ours.has("a")).isFalse();
    assertThat(ours.size()).isEqualTo(21);
  }
}
