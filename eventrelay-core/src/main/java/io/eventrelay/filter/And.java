package io.eventrelay.filter;

import java.util.List;

/**
 * Matches when every operand matches. The parser flattens nested ANDs, so no operand of an {@code
 * And} is itself an {@code And}.
 *
 * @param operands two or more expressions, in the order written
 */
public record And(List<Expression> operands) implements Expression {
  /**
   * Checks and copies the operands.
   *
   * @throws IllegalArgumentException if there are fewer than two operands
   * @throws NullPointerException if the list or an operand is null
   */
  public And {
    operands = List.copyOf(operands);
    if (operands.size() < 2) {
      throw new IllegalArgumentException(
          "an AND needs at least two operands (was " + operands.size() + ")");
    }
  }
}
