package dev.poros.apply.local;

import dev.poros.model.Resource;
import dev.poros.model.SecretData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Masks secret values in what a process prints before Poros writes it to a log, as CI systems mask
 * their secrets: every occurrence of a value becomes {@link SecretData#MASK}. Logs are written a
 * line at a time, so a value of several lines (a PEM key) is masked line by line: each of its lines
 * is a value of its own. Values shorter than four characters are left alone: masking them would
 * garble every line and hide nothing.
 */
public final class Redactor {
  static final int SHORTEST = 4;

  private final List<String> values;

  /** Masks the secret values of {@code resources} (a runnable's secrets among what it needs). */
  public static Redactor of(Collection<Resource> resources) {
    List<String> values = new ArrayList<>();
    resources.forEach(r -> values.addAll(r.secrets().values().values()));
    return new Redactor(values);
  }

  Redactor(Collection<String> secretValues) {
    this.values =
        secretValues.stream()
            .flatMap(v -> Stream.concat(Stream.of(v), v.lines()))
            .filter(v -> v.length() >= SHORTEST)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  /** The values it masks (each line of a value of several on its own too), longest first. */
  List<String> values() {
    return values;
  }

  public String redact(String line) {
    String out = line;
    for (String value : values) {
      out = out.replace(value, SecretData.MASK);
    }
    return out;
  }
}
