package io.eventrelay.filter;

/** A comparison operator of the filter language. */
public enum Operator {
  /** {@code ==}: same type and equal value. */
  EQ("=="),
  /** {@code !=}: same type and a different value; a missing value or another type never matches. */
  NE("!="),
  /** {@code >}: same type and greater (numbers, text by code point, instants). */
  GT(">"),
  /** {@code >=}: same type and greater or equal. */
  GE(">="),
  /** {@code <}: same type and less. */
  LT("<"),
  /** {@code <=}: same type and less or equal. */
  LE("<="),
  /** {@code in}: equal ({@link #EQ}) to one of the elements of a {@link ListLiteral}. */
  IN("in"),
  /**
   * {@code contains}: a JSON array with an element equal to the value, or, for a string value, a
   * text that contains it (case-sensitive).
   */
  CONTAINS("contains");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in filters: {@code ==}, {@code in}, … */
  public String symbol() {
    return symbol;
  }

  /** Whether this is one of {@code >, >=, <, <=}. */
  public boolean isOrdering() {
    return this == GT || this == GE || this == LT || this == LE;
  }
}
