package dev.poros.template;

import dev.poros.template.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the node tree from tokens, checking as it goes that every function is one {@link
 * Functions} knows and every control structure is closed.
 */
final class Parser {
  private static final Set<String> UNSUPPORTED =
      Set.of("define", "template", "block", "break", "continue");

  private final List<Token> tokens;
  private final Functions functions;
  private int pos;

  private Parser(List<Token> tokens, Functions functions) {
    this.tokens = tokens;
    this.functions = functions;
  }

  static List<Node> parse(String text, Functions functions) {
    Parser parser = new Parser(Lexer.lex(text), functions);
    List<Node> nodes = new ArrayList<>();
    String stop = parser.list(nodes);
    if (stop != null) {
      throw new TemplateException(parser.previous().line(), "unexpected {{" + stop + "}}");
    }
    return nodes;
  }

  /**
   * Parses nodes into {@code into} until EOF (returns null) or {@code {{end}}}/{@code {{else}}}
   * (returns which).
   */
  private String list(List<Node> into) {
    while (true) {
      Token t = next();
      switch (t.kind()) {
        case EOF -> {
          return null;
        }
        case TEXT -> into.add(new Node.Text(t.text(), t.line()));
        case LEFT -> {
          Token word = peek();
          if (word.isKeyword("end")) {
            next();
            expect(Kind.RIGHT, "'}}' after end");
            return "end";
          }
          if (word.isKeyword("else")) {
            next();
            return "else";
          }
          if (word.isKeyword("if") || word.isKeyword("with") || word.isKeyword("range")) {
            next();
            into.add(
                branch(
                    Node.Branch.Kind.valueOf(word.text().toUpperCase(Locale.ROOT)), word.line()));
          } else if (word.is(Kind.IDENTIFIER) && UNSUPPORTED.contains(word.text())) {
            throw new TemplateException(word.line(), "{{" + word.text() + "}} is not supported");
          } else {
            Node.Pipeline pipeline = pipeline(false);
            expect(Kind.RIGHT, "'}}'");
            into.add(new Node.Action(pipeline, t.line()));
          }
        }
        default -> throw new TemplateException(t.line(), "unexpected '" + t.text() + "'");
      }
    }
  }

  private Node.Branch branch(Node.Branch.Kind kind, int line) {
    Node.Pipeline pipeline = pipeline(kind == Node.Branch.Kind.RANGE);
    expect(Kind.RIGHT, "'}}'");
    List<Node> then = new ArrayList<>();
    String stop = list(then);
    List<Node> otherwise = new ArrayList<>();
    if (stop == null) {
      throw new TemplateException(
          line, "{{" + kind.name().toLowerCase(Locale.ROOT) + "}} without {{end}}");
    }
    if (stop.equals("else")) {
      if (peek().isKeyword("if") && kind != Node.Branch.Kind.RANGE) {
        // {{else if x}} is an if inside the else, sharing its {{end}}
        Token ifWord = next();
        otherwise.add(branch(Node.Branch.Kind.IF, ifWord.line()));
      } else if (peek().isKeyword("with") && kind == Node.Branch.Kind.WITH) {
        Token withWord = next();
        otherwise.add(branch(Node.Branch.Kind.WITH, withWord.line()));
      } else {
        expect(Kind.RIGHT, "'}}' after else");
        String end = list(otherwise);
        if (!"end".equals(end)) {
          throw new TemplateException(line, "{{else}} without {{end}}");
        }
      }
    }
    return new Node.Branch(kind, pipeline, then, otherwise, line);
  }

  private Node.Pipeline pipeline(boolean range) {
    int line = peek().line();
    List<String> declared = new ArrayList<>();
    boolean assigns = false;
    int mark = pos;
    if (peek().is(Kind.VARIABLE)) {
      declared.add(next().text());
      if (range && peek().is(Kind.COMMA)) {
        next();
        declared.add(expect(Kind.VARIABLE, "a variable after ','").text());
      }
      if (peek().is(Kind.DECLARE) || peek().is(Kind.ASSIGN)) {
        assigns = next().is(Kind.ASSIGN);
      } else {
        pos = mark;
        declared.clear();
      }
    }
    List<Node.Command> commands = new ArrayList<>();
    do {
      commands.add(command());
    } while (peek().is(Kind.PIPE) && next() != null);
    return new Node.Pipeline(declared, assigns, commands, line);
  }

  private Node.Command command() {
    int line = peek().line();
    List<Node.Operand> operands = new ArrayList<>();
    while (!peek().is(Kind.RIGHT) && !peek().is(Kind.PIPE) && !peek().is(Kind.RIGHT_PAREN)) {
      if (peek().is(Kind.EOF)) {
        throw new TemplateException(line, "unclosed action");
      }
      operands.add(operand());
    }
    if (operands.isEmpty()) {
      throw new TemplateException(line, "missing value for command");
    }
    return new Node.Command(operands, line);
  }

  private Node.Operand operand() {
    Token t = next();
    return switch (t.kind()) {
      case IDENTIFIER -> {
        if (Functions.INSTANCE_VALUES.contains(t.text())) {
          yield new Node.Path("$", List.of(t.text()));
        }
        if (!functions.has(t.text())) {
          throw new TemplateException(t.line(), "function '" + t.text() + "' is not supported");
        }
        yield new Node.Function(t.text());
      }
      case FIELD -> new Node.Path(null, fields(t.text().substring(1)));
      case DOT -> new Node.Path(null, List.of());
      case VARIABLE -> new Node.Path(t.text(), fields(null));
      case STRING -> new Node.Literal(t.text());
      case NUMBER -> new Node.Literal(number(t));
      case BOOL -> new Node.Literal(Boolean.parseBoolean(t.text()));
      case NIL -> new Node.Literal(null);
      case LEFT_PAREN -> {
        Node.Pipeline inner = pipeline(false);
        expect(Kind.RIGHT_PAREN, "')'");
        yield new Node.Nested(inner, fields(null));
      }
      default -> throw new TemplateException(t.line(), "unexpected '" + t.text() + "' in operand");
    };
  }

  /** The field chain after a start: {@code first} (if any) and the field tokens right after it. */
  private List<String> fields(String first) {
    List<String> fields = new ArrayList<>();
    if (first != null) {
      fields.add(first);
    }
    while (peek().is(Kind.FIELD) && peek().glued()) {
      fields.add(next().text().substring(1));
    }
    return fields;
  }

  private static Object number(Token t) {
    try {
      String text = t.text().replace("_", "");
      if (text.matches("[-+]?\\d+")) {
        return Long.parseLong(text);
      }
      if (text.matches("[-+]?0[xX][0-9a-fA-F]+")) {
        return Long.decode(text);
      }
      return new BigDecimal(text).doubleValue();
    } catch (NumberFormatException e) {
      throw new TemplateException(t.line(), "bad number syntax: " + t.text());
    }
  }

  private Token next() {
    return tokens.get(pos++);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token previous() {
    return tokens.get(Math.max(0, pos - 1));
  }

  private Token expect(Kind kind, String what) {
    Token t = next();
    if (!t.is(kind)) {
      throw new TemplateException(
          t.line(),
          "expected "
              + what
              + " but found '"
              + (t.is(Kind.EOF) ? "end of template" : t.text())
              + "'");
    }
    return t;
  }
}
