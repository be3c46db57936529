package dev.poros.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

/**
 * Splits a YAML file into its documents, each with the line of every field. Jackson reads the
 * trees; a second pass over the tokens records where each field is, because a tree keeps no
 * locations. Aliases are expanded and merge keys applied (a field from an alias has the line of its
 * anchor's node). Empty documents are skipped.
 */
public final class YamlDocuments {
  private YamlDocuments() {}

  /** The file's documents, or a {@link YamlSyntaxException} naming the line that breaks it. */
  public static List<YamlDocument> parse(byte[] content) {
    try {
      List<Map<String, Integer>> lines = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      recordLines(content, starts, lines);
      List<YamlDocument> documents = new ArrayList<>();
      try (MappingIterator<JsonNode> trees =
          ManifestYaml.MAPPER.readerFor(JsonNode.class).readValues(content)) {
        int index = 0;
        while (trees.hasNextValue()) {
          JsonNode tree = trees.nextValue();
          if (index < starts.size() && tree != null && !tree.isNull()) {
            MergeKeys.apply(tree, lines.get(index));
            documents.add(new YamlDocument(starts.get(index), tree, lines.get(index)));
          }
          index++;
        }
      }
      return documents;
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
      throw new YamlSyntaxException(line, firstLine(e.getOriginalMessage()));
    }
  }

  private static void recordLines(
      byte[] content, List<Integer> starts, List<Map<String, Integer>> lines) {
    try (JsonParser parser = ManifestYaml.MAPPER.createParser(content)) {
      Map<String, Integer> current = null;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        TokenStreamContext context = parser.streamReadContext();
        // A container's start token is reported inside the container it opens.
        TokenStreamContext holder = token.isStructStart() ? context.getParent() : context;
        int line = parser.currentTokenLocation().getLineNr();
        if (holder != null && holder.inRoot() && (token.isScalarValue() || token.isStructStart())) {
          current = new HashMap<>();
          starts.add(line);
          lines.add(current);
        } else if (token == JsonToken.PROPERTY_NAME
            || holder != null
                && holder.inArray()
                && (token.isScalarValue() || token.isStructStart())) {
          // interned: the same pointers recur in every manifest of a type, and each resource
          // keeps its map for as long as it is loaded (tens of thousands of copies otherwise)
          current.putIfAbsent(context.pathAsPointer().toString().intern(), line);
        }
      }
    }
  }

  /**
   * SnakeYAML's message without its excerpts: the lines that say what it was parsing and what it
   * found ("while parsing a flow sequence; expected ',' or ']', but got :").
   */
  private static String firstLine(String message) {
    if (message == null) {
      return "invalid YAML";
    }
    List<String> said =
        message
            .lines()
            .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .toList();
    return said.isEmpty() ? message.strip() : String.join("; ", said);
  }
}
