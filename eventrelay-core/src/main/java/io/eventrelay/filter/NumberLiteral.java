package io.eventrelay.filter;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A number, integer or not. Numbers compare by value, whatever their form: {@code 30}, {@code 30.0}
 * and {@code '30'::INTEGER} are all equal, and equal a JSON {@code 30} or {@code 30.0}. They never
 * equal a string. Two literals are {@link #equals equal} when their values are numerically equal.
 *
 * <p>The parser only accepts numbers that every engine holds exactly: a whole number within 64 bits
 * ({@link #isLong()}), or one of at most 15 significant digits whose size is between 1e-307 and
 * 1e308, which a 64-bit floating-point value tells apart from every other such number. JSON numbers
 * are read as SQLite and Jackson read them (64-bit integers, else doubles), so comparisons agree on
 * every engine for JSON numbers that are whole numbers within 64 bits or have at most 15
 * significant digits; PostgreSQL compares longer ones by their exact decimal value.
 *
 * @param value the number
 */
public record NumberLiteral(BigDecimal value) implements ScalarLiteral {
  /**
   * Checks the value.
   *
   * @throws NullPointerException if the value is null
   */
  public NumberLiteral {
    Objects.requireNonNull(value, "value");
  }

  /** Whether the value has no fractional part ({@code 30.0} has none). */
  public boolean isIntegral() {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  /** Whether the value is a whole number from {@link Long#MIN_VALUE} to {@link Long#MAX_VALUE}. */
  public boolean isLong() {
    return isIntegral()
        && value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
        && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
  }

  /** Equal when numerically equal: {@code 30} equals {@code 30.0}. */
  @Override
  public boolean equals(Object o) {
    return o instanceof NumberLiteral n && value.compareTo(n.value) == 0;
  }

  @Override
  public int hashCode() {
    return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
  }
}
