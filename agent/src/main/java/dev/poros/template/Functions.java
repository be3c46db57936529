package dev.poros.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The functions templates may call: Go's built-ins, the Sprig functions DataOS stacks use, and
 * DataOS's own {@code getNested}, {@code hasNested}, {@code getMapValue} and {@code resolve}.
 * {@code and} and {@code or} are evaluated by the renderer, lazily, as in Go; {@code resolve} by
 * the renderer too, over the depots its caller gives it.
 */
final class Functions {
  /** A function over its evaluated arguments. */
  @FunctionalInterface
  interface Fn {
    Object call(List<Object> args);
  }

  /** As go-yaml writes it: sorted keys, block style, literal blocks for multi-line strings. */
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /**
   * DataOS's functions that return a value of its instance ({@code {{DataOsFqdn}}}): read as the
   * data's root field of the same name, so that whoever renders supplies them.
   */
  static final Set<String> INSTANCE_VALUES = Set.of("DataOsFqdn");

  private final Map<String, Fn> byName = new TreeMap<>();

  Functions() {
    // evaluated lazily by the renderer; listed so that the parser accepts them
    byName.put("and", args -> null);
    byName.put("or", args -> null);
    // by the renderer, over the depots it was given
    byName.put("resolve", args -> null);
    byName.put("not", args -> !Values.truth(one("not", args)));
    byName.put("eq", Functions::eq);
    byName.put("ne", args -> !Values.equal(arg("ne", args, 0), arg("ne", args, 1)));
    byName.put("lt", args -> compare("lt", args) < 0);
    byName.put("le", args -> compare("le", args) <= 0);
    byName.put("gt", args -> compare("gt", args) > 0);
    byName.put("ge", args -> compare("ge", args) >= 0);
    byName.put("len", args -> length(one("len", args)));
    byName.put("index", Functions::index);
    byName.put("print", args -> String.join("", args.stream().map(Values::string).toList()));
    byName.put(
        "println", args -> String.join(" ", args.stream().map(Values::string).toList()) + "\n");
    byName.put("printf", Functions::printf);
    byName.put("toYaml", args -> toYaml(one("toYaml", args)));
    byName.put("toJson", args -> JSON.writeValueAsString(one("toJson", args)));
    byName.put(
        "indent", args -> indent(count("indent", args), Values.string(arg("indent", args, 1))));
    byName.put(
        "nindent",
        args -> "\n" + indent(count("nindent", args), Values.string(arg("nindent", args, 1))));
    byName.put("quote", args -> quote(args, '"'));
    byName.put("squote", args -> quote(args, '\''));
    byName.put(
        "default", args -> Values.truth(arg("default", args, 1)) ? args.get(1) : args.get(0));
    byName.put("empty", args -> !Values.truth(one("empty", args)));
    byName.put("list", ArrayList::new);
    byName.put("dict", Functions::dict);
    byName.put("join", args -> join(args));
    byName.put("trim", args -> Values.string(one("trim", args)).strip());
    byName.put("upper", args -> Values.string(one("upper", args)).toUpperCase(Locale.ROOT));
    byName.put("lower", args -> Values.string(one("lower", args)).toLowerCase(Locale.ROOT));
    byName.put("toString", args -> Values.string(one("toString", args)));
    byName.put(
        "replace",
        args ->
            Values.string(arg("replace", args, 2))
                .replace(Values.string(args.get(0)), Values.string(args.get(1))));
    byName.put(
        "contains",
        args -> Values.string(arg("contains", args, 1)).contains(Values.string(args.get(0))));
    byName.put(
        "hasPrefix",
        args -> Values.string(arg("hasPrefix", args, 1)).startsWith(Values.string(args.get(0))));
    byName.put(
        "hasSuffix",
        args -> Values.string(arg("hasSuffix", args, 1)).endsWith(Values.string(args.get(0))));
    byName.put(
        "b64enc",
        args ->
            Base64.getEncoder()
                .encodeToString(
                    Values.string(one("b64enc", args)).getBytes(StandardCharsets.UTF_8)));
    byName.put(
        "hasKey",
        args ->
            map("hasKey", arg("hasKey", args, 1) == null ? Map.of() : args.get(0))
                .containsKey(Values.string(args.get(1))));
    byName.put(
        "getMapValue",
        args ->
            map("getMapValue", arg("getMapValue", args, 1) == null ? Map.of() : args.get(0))
                .get(Values.string(args.get(1))));
    byName.put(
        "getNested",
        args ->
            nested(
                arg("getNested", args, 1) == null ? null : args.get(0),
                Values.string(args.get(1))));
    byName.put(
        "hasNested",
        args ->
            nested(
                    arg("hasNested", args, 1) == null ? null : args.get(0),
                    Values.string(args.get(1)))
                != null);
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  Object call(String name, List<Object> args) {
    return byName.get(name).call(args);
  }

  private static Object one(String name, List<Object> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException(name + " takes 1 argument, got " + args.size());
    }
    return args.get(0);
  }

  /** Argument {@code i} of a call that takes exactly {@code i + 1}. */
  private static Object arg(String name, List<Object> args, int i) {
    if (args.size() != i + 1) {
      throw new IllegalArgumentException(
          name + " takes " + (i + 1) + " arguments, got " + args.size());
    }
    return args.get(i);
  }

  private static int count(String name, List<Object> args) {
    Object n = arg(name, args, 1) == null ? null : args.get(0);
    if (!(n instanceof Number number)) {
      throw new IllegalArgumentException(
          name + " needs a number of spaces first, got " + Values.typeName(n));
    }
    return number.intValue();
  }

  private static Object eq(List<Object> args) {
    if (args.size() < 2) {
      throw new IllegalArgumentException("eq takes at least 2 arguments, got " + args.size());
    }
    return args.subList(1, args.size()).stream().anyMatch(b -> Values.equal(args.get(0), b));
  }

  private static int compare(String name, List<Object> args) {
    Object a = arg(name, args, 1) == null ? null : args.get(0);
    Object b = args.get(1);
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    throw new IllegalArgumentException(
        name + " cannot compare " + Values.typeName(a) + " with " + Values.typeName(b));
  }

  private static long length(Object value) {
    if (value instanceof String s) {
      return s.length();
    }
    if (value instanceof List<?> l) {
      return l.size();
    }
    if (value instanceof Map<?, ?> m) {
      return m.size();
    }
    throw new IllegalArgumentException("len of " + Values.typeName(value));
  }

  private static Object index(List<Object> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("index takes at least 1 argument");
    }
    Object at = args.get(0);
    for (Object key : args.subList(1, args.size())) {
      if (at instanceof Map<?, ?> m) {
        at = m.get(Values.string(key));
      } else if (at instanceof List<?> l && key instanceof Number n) {
        if (n.intValue() < 0 || n.intValue() >= l.size()) {
          throw new IllegalArgumentException("index out of range: " + n);
        }
        at = l.get(n.intValue());
      } else {
        throw new IllegalArgumentException(
            "cannot index " + Values.typeName(at) + " with " + Values.typeName(key));
      }
    }
    return at;
  }

  private static Object printf(List<Object> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("printf takes a format");
    }
    String format = Values.string(args.get(0));
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        out.append(c);
        continue;
      }
      char verb = format.charAt(++i);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (next >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object value = args.get(next++);
      out.append(
          switch (verb) {
            case 's', 'v', 'd' -> Values.string(value);
            case 'q' -> quote(List.of(value), '"');
            default ->
                throw new IllegalArgumentException(
                    "printf verb %" + verb + " is not supported (%s %v %d %q are)");
          });
    }
    return out.toString();
  }

  static String toYaml(Object value) {
    if (value == null) {
      return "null";
    }
    String yaml = YAML.writeValueAsString(value);
    return yaml.endsWith("\n") ? yaml.substring(0, yaml.length() - 1) : yaml;
  }

  static String indent(int spaces, String text) {
    String pad = " ".repeat(spaces);
    return pad + text.replace("\n", "\n" + pad);
  }

  private static String quote(List<Object> args, char mark) {
    List<String> quoted = new ArrayList<>();
    for (Object arg : args) {
      if (arg == null) {
        continue;
      }
      String s = Values.string(arg);
      StringBuilder out = new StringBuilder().append(mark);
      for (char c : s.toCharArray()) {
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append(mark == '"' ? "\\n" : "\n");
          case '\t' -> out.append(mark == '"' ? "\\t" : "\t");
          default -> {
            if (c == mark && mark == '"') {
              out.append("\\\"");
            } else {
              out.append(c);
            }
          }
        }
      }
      quoted.add(out.append(mark).toString());
    }
    return String.join(" ", quoted);
  }

  private static Object dict(List<Object> args) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      map.put(Values.string(args.get(i)), i + 1 < args.size() ? args.get(i + 1) : "");
    }
    return map;
  }

  private static Object join(List<Object> args) {
    Object list = arg("join", args, 1) == null ? null : args.get(1);
    if (!(list instanceof List<?> items)) {
      return Values.string(list);
    }
    return String.join(Values.string(args.get(0)), items.stream().map(Values::string).toList());
  }

  private static Map<?, ?> map(String name, Object value) {
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(name + " needs a map, got " + Values.typeName(value));
  }

  /** {@code getNested m "a.b.c"}: the value at that dotted path, or nil. */
  private static Object nested(Object root, String path) {
    Object at = root;
    for (String key : path.split("\\.")) {
      if (!(at instanceof Map<?, ?> m)) {
        return null;
      }
      at = m.get(key);
    }
    return at;
  }
}
