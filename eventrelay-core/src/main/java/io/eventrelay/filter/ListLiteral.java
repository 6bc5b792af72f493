package io.eventrelay.filter;

import java.util.List;

/**
 * A list {@code ['a', 'b', 3]}, only valid after {@code in}. Elements may mix types; each is
 * compared with {@code ==} semantics. An empty list matches nothing.
 *
 * @param elements the values, in the order written
 */
public record ListLiteral(List<ScalarLiteral> elements) implements Literal {
  /**
   * Checks and copies the elements.
   *
   * @throws NullPointerException if the list or an element is null
   */
  public ListLiteral {
    elements = List.copyOf(elements);
  }
}
