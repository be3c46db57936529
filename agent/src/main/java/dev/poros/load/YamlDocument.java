package dev.poros.load;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One document of a YAML file: the line it starts on, its tree and the line of each field. */
public record YamlDocument(int line, JsonNode tree, Map<String, Integer> fieldLines) {}
