package io.eventrelay.jdbc.internal;

import io.eventrelay.StorageException;
import io.eventrelay.spi.AggregateRow;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The running count, sum, minimum and maximum of one group, added up exactly from the literal text
 * of JSON numbers. Not thread-safe.
 */
final class AggregateTotals {
  /**
   * PostgreSQL's {@code numeric} range, which bounds the numbers any supported database stores: at
   * most this many digits before the decimal point...
   */
  private static final int MAX_INTEGER_DIGITS = 131_072;

  /** ...and this many after it. */
  private static final int MAX_FRACTION_DIGITS = 16_383;

  private long count;
  private long numbers;
  private BigDecimal sum = BigDecimal.ZERO;
  private BigDecimal min;
  private BigDecimal max;

  /**
   * Adds {@code events} events whose value is the JSON number {@code literal}, or not a number when
   * {@code literal} is null.
   *
   * @throws StorageException if the literal is not a number within PostgreSQL's {@code numeric}
   *     range, which JSON text checked on publish never holds
   */
  void add(long events, String literal) {
    count += events;
    if (literal == null) {
      return;
    }
    BigDecimal v = parse(literal);
    numbers += events;
    sum = sum.add(v.multiply(BigDecimal.valueOf(events)));
    min = min == null || v.compareTo(min) < 0 ? v : min;
    max = max == null || v.compareTo(max) > 0 ? v : max;
  }

  /** The totals as a row of the group {@code groupKey} and bucket {@code bucketStart}. */
  AggregateRow row(String groupKey, Instant bucketStart) {
    return new AggregateRow(groupKey, bucketStart, count, numbers, sum, min, max);
  }

  private static BigDecimal parse(String literal) {
    BigDecimal v;
    try {
      v = new BigDecimal(literal);
    } catch (NumberFormatException e) {
      throw outOfRange(literal);
    }
    if (v.precision() - v.scale() > MAX_INTEGER_DIGITS || v.scale() > MAX_FRACTION_DIGITS) {
      throw outOfRange(literal);
    }
    return v;
  }

  private static StorageException outOfRange(String literal) {
    String shown = literal.length() > 40 ? literal.substring(0, 40) + "…" : literal;
    return new StorageException(
        "a stored JSON number ("
            + shown
            + ") is not a decimal of at most 131072 digits before the point and 16383 after it;"
            + " it cannot be aggregated exactly");
  }
}
