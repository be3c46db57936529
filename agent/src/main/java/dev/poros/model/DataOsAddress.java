package dev.poros.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DataOS address, {@code dataos://DEPOT[:COLLECTION[/DATASET]][?KEY=VALUE&…]}: the depot, the
 * collection and dataset (empty when not written) and the query's parameters.
 */
public record DataOsAddress(
    String text, String depot, String collection, String dataset, Map<String, String> query) {
  private static final Pattern SYNTAX =
      Pattern.compile(
          "dataos://([A-Za-z0-9][-_A-Za-z0-9]*)(?::([^/?]*)(?:/([^?]*))?)?(?:\\?(.*))?");

  public DataOsAddress {
    query = Map.copyOf(query);
  }

  /** {@code text} read as an address, or empty when it is none. */
  public static Optional<DataOsAddress> parse(String text) {
    Matcher m = SYNTAX.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (m.group(4) != null) {
      for (String pair : m.group(4).split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
      }
    }
    return Optional.of(
        new DataOsAddress(
            text.strip(),
            m.group(1),
            m.group(2) == null ? "" : m.group(2),
            m.group(3) == null ? "" : m.group(3),
            query));
  }
}
