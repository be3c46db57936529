package dev.poros.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executes a parsed template over data made of maps, lists, strings, numbers, booleans and nulls.
 */
final class Renderer {
  private final Functions functions;
  private final StringBuilder out = new StringBuilder();
  private final Deque<Map<String, Object>> scopes = new ArrayDeque<>();

  private final Addresses addresses;

  Renderer(Functions functions, Object root, Addresses addresses) {
    this.functions = functions;
    this.addresses = addresses;
    Map<String, Object> top = new HashMap<>();
    top.put("$", root);
    scopes.push(top);
  }

  String render(List<Node> nodes, Object dot) {
    walk(nodes, dot);
    return out.toString();
  }

  private void walk(List<Node> nodes, Object dot) {
    for (Node node : nodes) {
      if (node instanceof Node.Text text) {
        out.append(text.text());
      } else if (node instanceof Node.Action action) {
        Object value = pipeline(action.pipeline(), dot);
        if (action.pipeline().declared().isEmpty()) {
          out.append(Values.print(value));
        }
      } else if (node instanceof Node.Branch branch) {
        branch(branch, dot);
      }
    }
  }

  private void branch(Node.Branch branch, Object dot) {
    scopes.push(new HashMap<>());
    try {
      switch (branch.kind()) {
        case IF -> {
          Object value = pipeline(branch.pipeline(), dot);
          walk(Values.truth(value) ? branch.then() : branch.otherwise(), dot);
        }
        case WITH -> {
          Object value = pipeline(branch.pipeline(), dot);
          if (Values.truth(value)) {
            walk(branch.then(), value);
          } else {
            walk(branch.otherwise(), dot);
          }
        }
        case RANGE -> range(branch, dot);
      }
    } finally {
      scopes.pop();
    }
  }

  private void range(Node.Branch branch, Object dot) {
    Node.Pipeline pipeline = branch.pipeline();
    Object over =
        pipeline(new Node.Pipeline(List.of(), false, pipeline.commands(), pipeline.line()), dot);
    List<Object[]> entries = new ArrayList<>();
    if (over instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        entries.add(new Object[] {(long) i, list.get(i)});
      }
    } else if (over instanceof Map<?, ?> map) {
      new TreeMap<>(map).forEach((k, v) -> entries.add(new Object[] {k, v}));
    } else if (over instanceof Number n) {
      for (long i = 0; i < n.longValue(); i++) {
        entries.add(new Object[] {i, i});
      }
    } else if (over != null) {
      throw new TemplateException(
          branch.line(), "range can't iterate over " + Values.typeName(over));
    }
    if (entries.isEmpty()) {
      walk(branch.otherwise(), dot);
      return;
    }
    List<String> declared = pipeline.declared();
    for (Object[] entry : entries) {
      if (declared.size() == 1) {
        scopes.peek().put(declared.get(0), entry[1]);
      } else if (declared.size() == 2) {
        scopes.peek().put(declared.get(0), entry[0]);
        scopes.peek().put(declared.get(1), entry[1]);
      }
      walk(branch.then(), entry[1]);
    }
  }

  private Object pipeline(Node.Pipeline pipeline, Object dot) {
    Object value = null;
    boolean piped = false;
    for (Node.Command command : pipeline.commands()) {
      value = command(command, dot, piped, value);
      piped = true;
    }
    for (String variable : pipeline.declared()) {
      if (pipeline.assigns()) {
        assign(variable, value, pipeline.line());
      } else {
        scopes.peek().put(variable, value);
      }
    }
    return value;
  }

  private void assign(String variable, Object value, int line) {
    for (Map<String, Object> scope : scopes) {
      if (scope.containsKey(variable)) {
        scope.put(variable, value);
        return;
      }
    }
    throw new TemplateException(line, "undefined variable: " + variable);
  }

  private Object command(Node.Command command, Object dot, boolean piped, Object input) {
    List<Node.Operand> operands = command.operands();
    if (operands.get(0) instanceof Node.Function function) {
      String name = function.name();
      if (name.equals("and") || name.equals("or")) {
        return logic(name, operands.subList(1, operands.size()), dot, piped, input, command.line());
      }
      List<Object> args = new ArrayList<>();
      for (Node.Operand operand : operands.subList(1, operands.size())) {
        args.add(operand(operand, dot, command.line()));
      }
      if (piped) {
        args.add(input);
      }
      return call(name, args, command.line());
    }
    if (operands.size() > 1 || piped) {
      throw new TemplateException(
          command.line(), "can't give argument to non-function " + describe(operands.get(0)));
    }
    return operand(operands.get(0), dot, command.line());
  }

  /** Calls function {@code name} (not {@code and} or {@code or}) with {@code args}. */
  private Object call(String name, List<Object> args, int line) {
    try {
      return name.equals("resolve") ? resolve(args) : functions.call(name, args);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new TemplateException(line, "error calling " + name + ": " + e.getMessage());
    }
  }

  /**
   * DataOS's {@code resolve}: an address (a string, or a mapping naming it as {@code dataset} or
   * {@code address}) to what its depot says of it; a list of them to a list.
   */
  private Object resolve(List<Object> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("resolve takes 1 argument, got " + args.size());
    }
    return resolveOne(args.get(0));
  }

  private Object resolveOne(Object address) {
    if (address instanceof List<?> list) {
      return list.stream().map(this::resolveOne).toList();
    }
    if (address instanceof Map<?, ?> map) {
      Object named = map.containsKey("dataset") ? map.get("dataset") : map.get("address");
      if (named == null) {
        throw new IllegalArgumentException("a mapping to resolve names no dataset or address");
      }
      return resolveOne(named);
    }
    if (!(address instanceof String text)) {
      throw new IllegalArgumentException("cannot resolve " + Values.print(address));
    }
    return addresses.resolve(text);
  }

  /**
   * {@code and}/{@code or}: the first falsy/truthy argument, or the last; later ones not evaluated.
   */
  private Object logic(
      String name, List<Node.Operand> operands, Object dot, boolean piped, Object input, int line) {
    int count = operands.size() + (piped ? 1 : 0);
    if (count < 1) {
      throw new TemplateException(line, name + " takes at least 1 argument");
    }
    Object value = null;
    for (int i = 0; i < count; i++) {
      value = i < operands.size() ? operand(operands.get(i), dot, line) : input;
      boolean truth = Values.truth(value);
      if (name.equals("and") ? !truth : truth) {
        return value;
      }
    }
    return value;
  }

  private Object operand(Node.Operand operand, Object dot, int line) {
    if (operand instanceof Node.Literal literal) {
      return literal.value();
    }
    if (operand instanceof Node.Path path) {
      Object start = path.variable() == null ? dot : variable(path.variable(), line);
      return fields(start, path.fields(), path.variable() == null ? "" : path.variable(), line);
    }
    if (operand instanceof Node.Nested nested) {
      return fields(pipeline(nested.pipeline(), dot), nested.fields(), "(...)", line);
    }
    if (operand instanceof Node.Function function) {
      // a function named as an argument is called with none, as Go calls it
      if (function.name().equals("and") || function.name().equals("or")) {
        return logic(function.name(), List.of(), dot, false, null, line);
      }
      return call(function.name(), List.of(), line);
    }
    throw new IllegalStateException("unknown operand " + operand);
  }

  private Object variable(String name, int line) {
    for (Map<String, Object> scope : scopes) {
      if (scope.containsKey(name)) {
        return scope.get(name);
      }
    }
    throw new TemplateException(line, "undefined variable: " + name);
  }

  /** Go's field chain on maps: a missing key is nil; a field of nil is an error. */
  private static Object fields(Object start, List<String> fields, String prefix, int line) {
    Object at = start;
    StringBuilder path = new StringBuilder(prefix);
    for (String field : fields) {
      if (at == null) {
        throw new TemplateException(
            line, "nil pointer evaluating " + (path.length() == 0 ? "." : path) + "." + field);
      }
      if (!(at instanceof Map<?, ?> map)) {
        throw new TemplateException(
            line, "can't evaluate field " + field + " in type " + Values.typeName(at));
      }
      at = map.get(field);
      path.append('.').append(field);
    }
    return at;
  }

  private static String describe(Node.Operand operand) {
    if (operand instanceof Node.Path path) {
      return (path.variable() == null ? "" : path.variable())
          + (path.fields().isEmpty() && path.variable() == null ? "." : "")
          + String.join("", path.fields().stream().map(f -> "." + f).toList());
    }
    if (operand instanceof Node.Literal literal) {
      return String.valueOf(literal.value());
    }
    return "(...)";
  }
}
