package dev.poros.template;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How Go's templates judge and print values: truth, emptiness, equality and {@code %v}. */
final class Values {
  /** What Go prints for a missing map key. */
  static final String NO_VALUE = "<no value>";

  private Values() {}

  static boolean truth(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof String s) {
      return !s.isEmpty();
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  static boolean equal(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return a == null ? b == null : a.equals(b);
  }

  static String print(Object value) {
    if (value == null) {
      return NO_VALUE;
    }
    return format(value);
  }

  private static String format(Object value) {
    if (value == null) {
      return "<nil>";
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      BigDecimal d = new BigDecimal(value.toString()).stripTrailingZeros();
      return d.scale() <= 0 && d.precision() - d.scale() < 21
          ? d.toBigInteger().toString()
          : d.toString();
    }
    if (value instanceof Map<?, ?> map) {
      return new TreeMap<>(map)
          .entrySet().stream()
              .map(e -> e.getKey() + ":" + format(e.getValue()))
              .collect(Collectors.joining(" ", "map[", "]"));
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Values::format).collect(Collectors.joining(" ", "[", "]"));
    }
    return value.toString();
  }

  /** A value as a string argument: strings as they are, anything else as printed. */
  static String string(Object value) {
    return value instanceof String s ? s : value == null ? "" : format(value);
  }

  static String typeName(Object value) {
    if (value == null) {
      return "nil";
    }
    if (value instanceof Map) {
      return "map";
    }
    if (value instanceof List) {
      return "list";
    }
    return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
