package dev.poros.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text and action tokens as Go's {@code text/template} lexer does: {@code {{
 * }}} delimiters, {@code {{-} and {@code -}}} trimming the whitespace beside them, comments {@code
 * /* *}{@code /}, quoted and raw strings, numbers, fields, variables and identifiers.
 */
final class Lexer {
  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int lastTokenEnd = -1;

  private Lexer(String input) {
    this.input = input;
  }

  static List<Token> lex(String input) {
    Lexer lexer = new Lexer(input);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (pos < input.length()) {
      int open = input.indexOf("{{", pos);
      if (open < 0) {
        text(input.substring(pos));
        pos = input.length();
        break;
      }
      String text = input.substring(pos, open);
      boolean trimLeft =
          input.startsWith("{{- ", open)
              || input.startsWith("{{-\t", open)
              || input.startsWith("{{-\n", open)
              || input.startsWith("{{-\r", open);
      text(trimLeft ? text.stripTrailing() : text);
      line += count(text, '\n');
      pos = open + (trimLeft ? 3 : 2);
      action();
    }
    tokens.add(new Token(Token.Kind.EOF, "", line));
  }

  private void text(String text) {
    if (!text.isEmpty()) {
      tokens.add(new Token(Token.Kind.TEXT, text, line));
    }
  }

  private void action() {
    int start = line;
    skipSpaces();
    if (input.startsWith("/*", pos)) {
      comment(start);
      return;
    }
    tokens.add(new Token(Token.Kind.LEFT, "{{", start));
    while (true) {
      skipSpaces();
      if (pos >= input.length()) {
        throw new TemplateException(start, "unclosed action: '{{' without '}}'");
      }
      if (atRightTrim() || input.startsWith("}}", pos)) {
        close();
        return;
      }
      token();
    }
  }

  private void comment(int start) {
    int end = input.indexOf("*/", pos);
    if (end < 0) {
      throw new TemplateException(start, "unclosed comment");
    }
    line += count(input.substring(pos, end), '\n');
    pos = end + 2;
    skipSpaces();
    if (!atRightTrim() && !input.startsWith("}}", pos)) {
      throw new TemplateException(line, "comment ends before closing delimiter");
    }
    closeDelimiter();
  }

  private void close() {
    tokens.add(new Token(Token.Kind.RIGHT, "}}", line));
    closeDelimiter();
  }

  private void closeDelimiter() {
    if (atRightTrim()) {
      pos += 3;
      int after = pos;
      while (after < input.length() && Character.isWhitespace(input.charAt(after))) {
        if (input.charAt(after) == '\n') {
          line++;
        }
        after++;
      }
      pos = after;
    } else {
      pos += 2;
    }
  }

  private boolean atRightTrim() {
    return input.startsWith("-}}", pos) && pos > 0 && Character.isWhitespace(input.charAt(pos - 1));
  }

  private void skipSpaces() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
      if (input.charAt(pos) == '\n') {
        line++;
      }
      pos++;
    }
  }

  private void token() {
    int start = pos;
    int before = tokens.size();
    kind();
    if (start == lastTokenEnd && tokens.size() > before) {
      tokens.set(before, tokens.get(before).glue());
    }
    lastTokenEnd = pos;
  }

  private void kind() {
    char c = input.charAt(pos);
    switch (c) {
      case '|' -> single(Token.Kind.PIPE);
      case '(' -> single(Token.Kind.LEFT_PAREN);
      case ')' -> single(Token.Kind.RIGHT_PAREN);
      case ',' -> single(Token.Kind.COMMA);
      case '=' -> single(Token.Kind.ASSIGN);
      case ':' -> {
        if (!input.startsWith(":=", pos)) {
          throw new TemplateException(line, "expected ':=' but found ':'");
        }
        tokens.add(new Token(Token.Kind.DECLARE, ":=", line));
        pos += 2;
      }
      case '"' -> quoted();
      case '`' -> raw();
      case '\'' -> throw new TemplateException(line, "character constants ('x') are not supported");
      case '$' -> tokens.add(new Token(Token.Kind.VARIABLE, word(pos + 1, "$"), line));
      case '.' -> {
        if (pos + 1 < input.length() && isWordChar(input.charAt(pos + 1))) {
          tokens.add(new Token(Token.Kind.FIELD, word(pos + 1, "."), line));
        } else {
          single(Token.Kind.DOT);
        }
      }
      default -> {
        if (Character.isDigit(c)
            || (c == '-' || c == '+')
                && pos + 1 < input.length()
                && Character.isDigit(input.charAt(pos + 1))) {
          number();
        } else if (isWordChar(c)) {
          String word = word(pos, "");
          Token.Kind kind =
              switch (word) {
                case "true", "false" -> Token.Kind.BOOL;
                case "nil" -> Token.Kind.NIL;
                default -> Token.Kind.IDENTIFIER;
              };
          tokens.add(new Token(kind, word, line));
        } else {
          throw new TemplateException(line, "unexpected character '" + c + "' in action");
        }
      }
    }
  }

  private void single(Token.Kind kind) {
    tokens.add(new Token(kind, String.valueOf(input.charAt(pos)), line));
    pos++;
  }

  /** Reads a word starting at {@code from}; the token's text is {@code prefix} + the word. */
  private String word(int from, String prefix) {
    int end = from;
    while (end < input.length() && isWordChar(input.charAt(end))) {
      end++;
    }
    String word = prefix + input.substring(from, end);
    pos = end;
    return word;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private void number() {
    int end = pos + 1;
    while (end < input.length()
        && (Character.isLetterOrDigit(input.charAt(end))
            || input.charAt(end) == '.'
            || (input.charAt(end) == '-' || input.charAt(end) == '+')
                && Character.toLowerCase(input.charAt(end - 1)) == 'e')) {
      end++;
    }
    tokens.add(new Token(Token.Kind.NUMBER, input.substring(pos, end), line));
    pos = end;
  }

  private void quoted() {
    StringBuilder out = new StringBuilder();
    int i = pos + 1;
    while (true) {
      if (i >= input.length() || input.charAt(i) == '\n') {
        throw new TemplateException(line, "unterminated quoted string");
      }
      char c = input.charAt(i);
      if (c == '"') {
        break;
      }
      if (c == '\\' && i + 1 < input.length()) {
        char e = input.charAt(++i);
        out.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case '\\', '"', '\'' -> e;
              default ->
                  throw new TemplateException(line, "unsupported escape \\" + e + " in string");
            });
      } else {
        out.append(c);
      }
      i++;
    }
    tokens.add(new Token(Token.Kind.STRING, out.toString(), line));
    pos = i + 1;
  }

  private void raw() {
    int end = input.indexOf('`', pos + 1);
    if (end < 0) {
      throw new TemplateException(line, "unterminated raw string");
    }
    String text = input.substring(pos + 1, end);
    tokens.add(new Token(Token.Kind.STRING, text, line));
    line += count(text, '\n');
    pos = end + 1;
  }

  private static int count(String text, char c) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
