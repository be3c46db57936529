package dev.poros.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stack as runnables name it — {@code name[+flavor][:version]} ({@code flare:6.0}, {@code
 * soda+python:1.0}, {@code container}) — or as a stack resource declares itself. Flavor and version
 * may be null.
 */
public record StackRef(String name, String flavor, String version) {
  private static final Pattern SYNTAX =
      Pattern.compile(
          "([a-z0-9][-a-z0-9]*)(?:\\+([a-z0-9][-a-z0-9]*))?(?::([0-9A-Za-z][0-9A-Za-z._-]*))?");

  /** The reference written in a runnable, or empty when it is not of that form. */
  public static Optional<StackRef> parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    return m.matches()
        ? Optional.of(new StackRef(m.group(1), m.group(2), m.group(3)))
        : Optional.empty();
  }

  /** What a {@code type: stack} resource declares itself to be. */
  public static StackRef of(Resource stack) {
    var section = stack.manifest().path("stack");
    return new StackRef(
        section.path("name").asString(""),
        section.path("flavor").isString() ? section.get("flavor").asString() : null,
        section.path("version").asString(""));
  }

  /**
   * Whether {@code declared} is a stack this reference may resolve to (any version if none is
   * named).
   */
  public boolean admits(StackRef declared) {
    return name.equals(declared.name)
        && Objects.equals(flavor, declared.flavor)
        && (version == null || compareVersions(version, declared.version) == 0);
  }

  /**
   * Dotted versions compared part by part, numerically where both parts are numbers: 1.10 > 1.9,
   * 1.0 = 1.
   */
  public static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String p = i < x.length ? x[i] : "0";
      String q = i < y.length ? y[i] : "0";
      int c =
          p.matches("\\d+") && q.matches("\\d+")
              ? Long.compare(Long.parseLong(p), Long.parseLong(q))
              : p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * The stack among {@code stacks} this reference names: exact on name and flavor, the named
   * version or else the newest; a repository's stack before a built-in one of the same version.
   */
  public Optional<Resource> resolve(Collection<Resource> stacks) {
    return stacks.stream()
        .filter(r -> r.type() == ResourceType.STACK && admits(of(r)))
        .max(
            Comparator.comparing((Resource r) -> of(r).version(), StackRef::compareVersions)
                .thenComparing(r -> r.layer() == Layer.USER));
  }

  @Override
  public String toString() {
    return name + (flavor == null ? "" : "+" + flavor) + (version == null ? "" : ":" + version);
  }
}
