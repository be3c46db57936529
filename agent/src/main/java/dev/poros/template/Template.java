package dev.poros.template;

import java.util.List;

/**
 * A parsed Go template. Parsing checks syntax and that every function is supported; rendering runs
 * it over data made of maps, lists, strings, numbers, booleans and nulls.
 */
public final class Template {
  private static final Functions FUNCTIONS = new Functions();

  private final List<Node> nodes;

  private Template(List<Node> nodes) {
    this.nodes = nodes;
  }

  /**
   * Parses {@code text}; a {@link TemplateException} names what is wrong or unsupported, and where.
   */
  public static Template parse(String text) {
    return new Template(Parser.parse(text, FUNCTIONS));
  }

  public String render(Object data) {
    return render(data, Addresses.NONE);
  }

  /** Renders over {@code data}, {@code resolve} reading {@code addresses}. */
  public String render(Object data, Addresses addresses) {
    return new Renderer(FUNCTIONS, data, addresses).render(nodes, data);
  }
}
