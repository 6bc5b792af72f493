package io.eventrelay.internal.filter;

import io.eventrelay.FilterSyntaxException;
import io.eventrelay.internal.filter.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits filter text into {@link Token}s, ending with one {@link Kind#END} token. */
final class FilterLexer {
  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private FilterLexer(String text) {
    this.text = text;
  }

  /**
   * The tokens of {@code text}.
   *
   * @throws FilterSyntaxException on a character that starts no token, an unterminated string or a
   *     malformed number
   */
  static List<Token> tokenize(String text) {
    FilterLexer lexer = new FilterLexer(text);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (true) {
      while (pos < text.length() && isSpace(text.charAt(pos))) {
        pos++;
      }
      if (pos == text.length()) {
        tokens.add(new Token(Kind.END, "", pos, pos));
        return;
      }
      char c = text.charAt(pos);
      int start = pos;
      switch (c) {
        case '(' -> single(Kind.LPAREN);
        case ')' -> single(Kind.RPAREN);
        case '[' -> single(Kind.LBRACKET);
        case ']' -> single(Kind.RBRACKET);
        case ',' -> single(Kind.COMMA);
        case '=', '!' -> {
          if (!next('=')) {
            throw error(start, "expected '" + c + "=' but found a lone '" + c + "'");
          }
          add(Kind.OPERATOR, start, pos + 2);
        }
        case '>', '<' -> add(Kind.OPERATOR, start, next('=') ? pos + 2 : pos + 1);
        case ':' -> {
          if (!next(':')) {
            throw error(start, "expected '::' before a cast but found a lone ':'");
          }
          add(Kind.CAST, start, pos + 2);
        }
        case '\'' -> string();
        default -> {
          if (c == '-' || isDigit(c)) {
            number();
          } else if (isWordStart(c)) {
            word();
          } else {
            String hint = c == '"' ? " (strings are written in single quotes)" : "";
            throw error(
                start,
                "unexpected character '"
                    + Character.toString(text.codePointAt(start))
                    + "'"
                    + hint);
          }
        }
      }
    }
  }

  private void single(Kind kind) {
    add(kind, pos, pos + 1);
  }

  private boolean next(char expected) {
    return pos + 1 < text.length() && text.charAt(pos + 1) == expected;
  }

  private void add(Kind kind, int start, int end) {
    tokens.add(new Token(kind, text.substring(start, end), start, end));
    pos = end;
  }

  private void string() {
    int start = pos;
    StringBuilder value = new StringBuilder();
    int i = pos + 1;
    while (true) {
      if (i >= text.length()) {
        throw error(
            start, "unterminated string (a quote inside a string is written as two quotes: '')");
      }
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          value.append('\'');
          i += 2;
          continue;
        }
        break;
      }
      value.append(c);
      i++;
    }
    tokens.add(new Token(Kind.STRING, value.toString(), start, i + 1));
    pos = i + 1;
  }

  private void number() {
    int start = pos;
    int i = pos;
    if (text.charAt(i) == '-') {
      i++;
    }
    i = digits(i, start, "after '-'");
    if (i < text.length() && text.charAt(i) == '.') {
      i = digits(i + 1, start, "after the decimal point");
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      i = digits(i, start, "in the exponent");
    }
    if (i < text.length() && (isWordPart(text.charAt(i)))) {
      throw error(start, "malformed number '" + text.substring(start, wordEnd(i)) + "'");
    }
    add(Kind.NUMBER, start, i);
  }

  /** The index after the digits at {@code i}; at least one digit is required. */
  private int digits(int i, int numberStart, String where) {
    int j = i;
    while (j < text.length() && isDigit(text.charAt(j))) {
      j++;
    }
    if (j == i) {
      throw error(
          numberStart,
          "malformed number '"
              + text.substring(numberStart, wordEnd(i))
              + "': expected a digit "
              + where);
    }
    return j;
  }

  private void word() {
    add(Kind.WORD, pos, wordEnd(pos));
  }

  private int wordEnd(int i) {
    int j = i;
    while (j < text.length() && isWordPart(text.charAt(j))) {
      j++;
    }
    return j;
  }

  private FilterSyntaxException error(int position, String reason) {
    return new FilterSyntaxException(text, position, reason);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  /** Letters, digits, '_' and '.', which joins path segments. */
  private static boolean isWordPart(char c) {
    return isWordStart(c) || isDigit(c) || c == '.';
  }
}
