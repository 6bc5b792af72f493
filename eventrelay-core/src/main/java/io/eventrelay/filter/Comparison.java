package io.eventrelay.filter;

import java.util.Objects;

/**
 * One {@code field OP value} test. The parser guarantees that the value suits the field and the
 * operator (see the {@linkplain io.eventrelay.filter package description} for the rules): a {@link
 * ListLiteral} appears exactly with {@link Operator#IN}, a {@link BooleanLiteral} never with an
 * ordering operator, and an {@link EventField} only with the literal type its {@link
 * EventField#type() type} accepts.
 *
 * @param field what is tested
 * @param operator how it is tested
 * @param value what it is tested against
 */
public record Comparison(Field field, Operator operator, Literal value) implements Expression {
  /**
   * Checks that no part is null.
   *
   * @throws NullPointerException if a part is null
   */
  public Comparison {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(value, "value");
  }
}
