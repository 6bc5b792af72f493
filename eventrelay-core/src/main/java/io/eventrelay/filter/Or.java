package io.eventrelay.filter;

import java.util.List;

/**
 * Matches when at least one operand matches. The parser flattens nested ORs, so no operand of an
 * {@code Or} is itself an {@code Or}.
 *
 * @param operands two or more expressions, in the order written
 */
public record Or(List<Expression> operands) implements Expression {
  /**
   * Checks and copies the operands.
   *
   * @throws IllegalArgumentException if there are fewer than two operands
   * @throws NullPointerException if the list or an operand is null
   */
  public Or {
    operands = List.copyOf(operands);
    if (operands.size() < 2) {
      throw new IllegalArgumentException(
          "an OR needs at least two operands (was " + operands.size() + ")");
    }
  }
}
