package dev.poros.template;

/**
 * One lexical token of a template: its kind, its text, the line it starts on and whether it touches
 * the token before it (which makes {@code $x.A} one operand and {@code $x .A} two).
 */
record Token(Kind kind, String text, int line, boolean glued) {
  Token(Kind kind, String text, int line) {
    this(kind, text, line, false);
  }

  Token glue() {
    return new Token(kind, text, line, true);
  }

  enum Kind {
    TEXT,
    LEFT,
    RIGHT,
    FIELD,
    VARIABLE,
    IDENTIFIER,
    DOT,
    STRING,
    NUMBER,
    BOOL,
    NIL,
    PIPE,
    LEFT_PAREN,
    RIGHT_PAREN,
    DECLARE,
    ASSIGN,
    COMMA,
    EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isKeyword(String word) {
    return kind == Kind.IDENTIFIER && text.equals(word);
  }
}
