package dev.poros.cli;

/** How a command prints its result. */
enum Format {
  TABLE,
  JSON,
  YAML;

  static Format parse(String value) {
    return switch (value) {
      case "table", "text", "wide" -> TABLE;
      case "json" -> JSON;
      case "yaml" -> YAML;
      default ->
          throw new UsageException("unknown output format '" + value + "' (table, json or yaml)");
    };
  }
}
