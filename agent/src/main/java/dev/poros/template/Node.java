package dev.poros.template;

import java.util.List;

/** The parsed template: text, actions and the control structures around lists of nodes. */
sealed interface Node {
  int line();

  record Text(String text, int line) implements Node {}

  /** {@code {{pipeline}}}: prints the pipeline's value unless it declares a variable. */
  record Action(Pipeline pipeline, int line) implements Node {}

  /** {@code if}, {@code with} and {@code range}: the kind says which. */
  record Branch(Kind kind, Pipeline pipeline, List<Node> then, List<Node> otherwise, int line)
      implements Node {
    enum Kind {
      IF,
      WITH,
      RANGE
    }
  }

  /** Commands joined by {@code |}, with the variables they declare ({@code $x :=}) or assign. */
  record Pipeline(List<String> declared, boolean assigns, List<Command> commands, int line) {}

  /** A function call or a single operand; the piped value (if any) becomes the last argument. */
  record Command(List<Operand> operands, int line) {}

  /** One operand of a command. */
  sealed interface Operand {}

  /** A function named in a command. */
  record Function(String name) implements Operand {}

  /** {@code .}, {@code .A.B}, {@code $}, {@code $x.A}: a start and the fields that follow it. */
  record Path(String variable, List<String> fields) implements Operand {}

  /** A string, number, bool or nil written in the template. */
  record Literal(Object value) implements Operand {}

  /** {@code (pipeline)}, maybe followed by fields. */
  record Nested(Pipeline pipeline, List<String> fields) implements Operand {}
}
