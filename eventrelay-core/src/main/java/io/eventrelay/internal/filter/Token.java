package io.eventrelay.internal.filter;

/**
 * A token of filter text.
 *
 * @param kind what it is
 * @param text the unescaped content of a string; the source text of anything else
 * @param start the 0-based index of its first character
 * @param end the index just after its last character
 */
record Token(Kind kind, String text, int start, int end) {
  enum Kind {
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    OPERATOR,
    CAST,
    STRING,
    NUMBER,
    WORD,
    END
  }

  /** Whether this is a word equal to {@code keyword}, ignoring case. */
  boolean isKeyword(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  /** How an error message names this token after "found". */
  String describe(String source) {
    switch (kind) {
      case END:
        return "end of input";
      case STRING:
        return "the string " + source.substring(start, end);
      case NUMBER:
        return "the number " + text;
      default:
        return "'" + text + "'";
    }
  }
}
