package dev.poros.apply.local;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as manifests write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /** As manifests write it: {@code 1h30m}, {@code 10s}, {@code 250ms}. */
  public static String format(Duration d) {
    if (d.toMillisPart() != 0 && d.toSeconds() == 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    if (d.toHours() > 0) {
      out.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || out.length() == 0) {
      out.append(d.toSecondsPart()).append('s');
    }
    return out.toString();
  }

  /** The duration {@code text} says, or null for null or blank. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return total;
  }
}
