package io.eventrelay.spi;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Storage#aggregate} found.
 *
 * @param upToOffset the last offset the result covers: the request's {@code upToOffset}, or the
 *     topic's last offset when that was lower. A metric continues incrementally from the next
 *     offset; no event at or below this offset is committed later.
 * @param rows one row per group key and time bucket that has events, ordered by group key (by
 *     Unicode code point, the {@code null} key first), then by bucket start; when the request has
 *     neither groups nor buckets, exactly one row, whose count is 0 if no event matched
 */
public record AggregateResult(long upToOffset, List<AggregateRow> rows) {
  /**
   * Copies the rows.
   *
   * @throws NullPointerException if the list or a row is null
   */
  public AggregateResult {
    rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
  }
}
