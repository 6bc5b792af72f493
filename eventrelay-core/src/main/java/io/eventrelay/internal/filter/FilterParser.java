package io.eventrelay.internal.filter;

import io.eventrelay.FilterSyntaxException;
import io.eventrelay.filter.And;
import io.eventrelay.filter.BooleanLiteral;
import io.eventrelay.filter.Comparison;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.Expression;
import io.eventrelay.filter.Field;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.filter.ListLiteral;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.Operator;
import io.eventrelay.filter.Or;
import io.eventrelay.filter.ScalarLiteral;
import io.eventrelay.filter.StringLiteral;
import io.eventrelay.internal.filter.Token.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A recursive-descent parser for the filter language described in {@link io.eventrelay.filter}. It
 * checks types as it goes, so every tree it returns can be evaluated and rendered without further
 * checks.
 */
public final class FilterParser {
  /** How deep parentheses may nest. */
  static final int MAX_DEPTH = 64;

  /** How many values a list may hold; each is a bind parameter in SQL. */
  static final int MAX_LIST_SIZE = 1000;

  private static final String OPERATORS = "==, !=, >, >=, <, <=, in or contains";
  private static final String FIELDS =
      Arrays.stream(EventField.values()).map(EventField::text).collect(Collectors.joining(", "));
  private static final String[] RESERVED = {"and", "or", "in", "contains", "true", "false"};

  private final String text;
  private final List<Token> tokens;
  private int next;

  private FilterParser(String text) {
    this.text = text;
    this.tokens = FilterLexer.tokenize(text);
  }

  /**
   * Parses a non-blank filter.
   *
   * @throws FilterSyntaxException if the text is not a valid filter
   */
  public static Expression parse(String text) {
    FilterParser parser = new FilterParser(text);
    Expression expression = parser.or(0);
    Token rest = parser.peek();
    if (rest.kind() == Kind.RPAREN) {
      throw parser.error(rest.start(), "found ')' without a matching '('");
    }
    if (rest.kind() != Kind.END) {
      throw parser.error(
          rest.start(), "expected AND, OR or end of input but found " + parser.describe(rest));
    }
    return expression;
  }

  private Expression or(int depth) {
    List<Expression> operands = new ArrayList<>();
    do {
      Expression e = and(depth);
      if (e instanceof Or o) {
        operands.addAll(o.operands());
      } else {
        operands.add(e);
      }
    } while (accept("or"));
    return operands.size() == 1 ? operands.get(0) : new Or(operands);
  }

  private Expression and(int depth) {
    List<Expression> operands = new ArrayList<>();
    do {
      Expression e = primary(depth);
      if (e instanceof And a) {
        operands.addAll(a.operands());
      } else {
        operands.add(e);
      }
    } while (accept("and"));
    return operands.size() == 1 ? operands.get(0) : new And(operands);
  }

  private Expression primary(int depth) {
    Token open = peek();
    if (open.kind() != Kind.LPAREN) {
      return comparison();
    }
    if (depth == MAX_DEPTH) {
      throw error(open.start(), "parentheses are nested more than " + MAX_DEPTH + " deep");
    }
    next++;
    Expression inner = or(depth + 1);
    Token close = peek();
    if (close.kind() != Kind.RPAREN) {
      throw error(
          close.start(),
          "expected AND, OR or ')' to close the '(' at position "
              + open.start()
              + " but found "
              + describe(close));
    }
    next++;
    return inner;
  }

  private Comparison comparison() {
    Token name = peek();
    if (name.kind() != Kind.WORD || isReserved(name)) {
      String hint = name.kind() == Kind.STRING ? " (field names are not quoted)" : "";
      throw error(name.start(), "expected a field name but found " + describe(name) + hint);
    }
    next++;
    Field field = field(name);
    Token opToken = peek();
    Operator op = operator(opToken);
    if (op == null) {
      throw error(
          opToken.start(),
          "expected an operator ("
              + OPERATORS
              + ") after "
              + field.text()
              + " but found "
              + describe(opToken));
    }
    next++;
    List<Integer> starts = new ArrayList<>();
    Literal value = value(op, starts);
    return new Comparison(
        field, op, FilterTypes.check(field, op, opToken.start(), value, starts, this::error));
  }

  private Field field(Token name) {
    String word = name.text();
    int dot = word.indexOf('.');
    String head = dot < 0 ? word : word.substring(0, dot);
    JsonPath.Document document =
        head.equals("data")
            ? JsonPath.Document.DATA
            : head.equals("context") ? JsonPath.Document.CONTEXT : null;
    if (document == null) {
      return EventField.fromName(word)
          .orElseThrow(
              () ->
                  error(
                      name.start(),
                      "unknown field '"
                          + word
                          + "'; expected one of "
                          + FIELDS
                          + ", or a path starting with data. or context."));
    }
    List<String> segments = new ArrayList<>();
    int at = dot;
    while (at >= 0) {
      int end = word.indexOf('.', at + 1);
      String segment = end < 0 ? word.substring(at + 1) : word.substring(at + 1, end);
      int position = name.start() + at + 1;
      if (segment.isEmpty()) {
        throw error(position, "expected a key after '.' in " + word);
      }
      if (!JsonPath.isSegment(segment)) {
        throw error(
            position,
            "path segments are object keys like data.items; array indexes such as '"
                + segment
                + "' are not supported");
      }
      segments.add(segment);
      at = end;
    }
    return new JsonPath(document, segments);
  }

  private Operator operator(Token t) {
    if (t.kind() == Kind.OPERATOR) {
      for (Operator op : Operator.values()) {
        if (op.symbol().equals(t.text())) {
          return op;
        }
      }
    }
    return t.isKeyword("in") ? Operator.IN : t.isKeyword("contains") ? Operator.CONTAINS : null;
  }

  /** The value after {@code op}; adds the start of each scalar in it to {@code starts}. */
  private Literal value(Operator op, List<Integer> starts) {
    Token t = peek();
    if (t.kind() == Kind.LBRACKET) {
      if (op != Operator.IN) {
        throw error(
            t.start(), "a list is only allowed after 'in', not after '" + op.symbol() + "'");
      }
      return list(t, starts);
    }
    if (op == Operator.IN && t.kind() != Kind.END) {
      throw error(t.start(), "expected a list like ['a', 'b'] after 'in' but found " + describe(t));
    }
    starts.add(t.start());
    return scalar(v -> "expected a value after '" + op.symbol() + "' but found " + v);
  }

  private ListLiteral list(Token open, List<Integer> starts) {
    next++;
    List<ScalarLiteral> elements = new ArrayList<>();
    if (peek().kind() == Kind.RBRACKET) {
      next++;
      return new ListLiteral(elements);
    }
    while (true) {
      if (peek().kind() == Kind.LBRACKET) {
        throw error(peek().start(), "lists cannot be nested");
      }
      if (elements.size() == MAX_LIST_SIZE) {
        throw error(peek().start(), "a list may hold at most " + MAX_LIST_SIZE + " values");
      }
      starts.add(peek().start());
      elements.add(scalar(v -> "expected a value in the list but found " + v));
      Token separator = peek();
      next++;
      if (separator.kind() == Kind.RBRACKET) {
        return new ListLiteral(elements);
      }
      if (separator.kind() != Kind.COMMA) {
        throw error(
            separator.start(),
            "expected ',' or ']' in the list opened at position "
                + open.start()
                + " but found "
                + describe(separator));
      }
    }
  }

  private ScalarLiteral scalar(Function<String, String> missing) {
    Token t = peek();
    ScalarLiteral literal;
    if (t.kind() == Kind.STRING) {
      if (t.text().indexOf('\0') >= 0) {
        throw error(t.start(), "a string cannot contain the NUL character (U+0000)");
      }
      literal = new StringLiteral(t.text());
    } else if (t.kind() == Kind.NUMBER) {
      literal = FilterCast.number(t.text());
      if (literal == null) {
        throw error(
            t.start(),
            "the number "
                + t.text()
                + " cannot be compared exactly on every database: use a whole number within"
                + " 64 bits, or at most "
                + FilterCast.MAX_DIGITS
                + " significant digits and a size from 1e-307 to 1e308");
      }
    } else if (t.isKeyword("true") || t.isKeyword("false")) {
      literal = new BooleanLiteral(t.isKeyword("true"));
    } else {
      throw error(t.start(), missing.apply(describe(t)));
    }
    next++;
    if (peek().kind() != Kind.CAST) {
      return literal;
    }
    next++;
    Token castName = peek();
    FilterCast cast = castName.kind() == Kind.WORD ? FilterCast.named(castName.text()) : null;
    if (cast == null) {
      throw error(
          castName.start(),
          "expected a cast (DATE, DATETIME, INTEGER, FLOAT or BOOLEAN) after '::' but found "
              + describe(castName));
    }
    next++;
    ScalarLiteral converted = cast.apply(literal);
    if (converted == null) {
      throw error(
          t.start(),
          text.substring(t.start(), t.end())
              + " does not convert to "
              + cast.name()
              + ": expected "
              + cast.expected());
    }
    return converted;
  }

  private boolean accept(String keyword) {
    if (peek().isKeyword(keyword)) {
      next++;
      return true;
    }
    return false;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private boolean isReserved(Token t) {
    for (String r : RESERVED) {
      if (t.isKeyword(r)) {
        return true;
      }
    }
    return false;
  }

  private String describe(Token t) {
    return t.describe(text);
  }

  private FilterSyntaxException error(int position, String reason) {
    return new FilterSyntaxException(text, position, reason);
  }
}
