package io.eventrelay.filter;

import java.util.Objects;

/**
 * A quoted string, unescaped: {@code 'it''s'} holds {@code it's}. It equals only JSON strings and
 * text fields, never a number or a boolean ({@code '30'} is not {@code 30}). Strings order by
 * Unicode code point, which is the byte order of their UTF-8 form ({@code COLLATE "C"} on
 * PostgreSQL, the default {@code BINARY} collation on SQLite).
 *
 * @param value the text
 */
public record StringLiteral(String value) implements ScalarLiteral {
  /**
   * Checks the value.
   *
   * @throws NullPointerException if the value is null
   */
  public StringLiteral {
    Objects.requireNonNull(value, "value");
  }
}
