package io.eventrelay.filter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A point in time, written {@code '2024-01-01'::DATE} (midnight UTC) or {@code
 * '2024-01-05T10:00:00Z'::DATETIME}. Kept to the microsecond, like stored times: finer digits are
 * dropped.
 *
 * <p>It compares chronologically with the time fields ({@code occurred_at}, {@code available_at},
 * {@code recorded_at}) and with JSON strings that hold a date or date-time in the form the filter
 * language accepts:
 *
 * <ul>
 *   <li>{@code YYYY-MM-DD}, meaning midnight UTC;
 *   <li>{@code YYYY-MM-DDTHH:MM:SS[.F]Z} or {@code …[.F]+HH:MM} / {@code -HH:MM}, with 1 to 9
 *       fraction digits (digits beyond the sixth are dropped), an upper-case {@code T} and {@code
 *       Z}, and an offset of at most 18:00;
 * </ul>
 *
 * <p>with a year from 0001 to 9999, a day that exists in its month, an hour up to 23 and a second
 * up to 59. Any other string (a local time without offset, {@code 2024-02-30}, a number…) is not a
 * date: it matches nothing.
 *
 * @param value the instant, truncated to microseconds
 */
public record InstantLiteral(Instant value) implements ScalarLiteral {
  /**
   * Checks the value and truncates it to microseconds.
   *
   * @throws NullPointerException if the value is null
   */
  public InstantLiteral {
    value = Objects.requireNonNull(value, "value").truncatedTo(ChronoUnit.MICROS);
  }

  /** The instant as microseconds since the Unix epoch, the stored form of time fields. */
  public long epochMicros() {
    return Math.addExact(
        Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1000);
  }
}
