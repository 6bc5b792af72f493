package io.eventrelay.spi;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One group of an {@link AggregateResult}: the events of one group key and one time bucket.
 *
 * <p>Numbers are exact: {@code sum}, {@code min} and {@code max} hold the exact decimal value of
 * the JSON numbers, whatever their size or number of digits (no floating-point step anywhere).
 * Their scale is not specified: compare them with {@link BigDecimal#compareTo}, not {@code equals}.
 *
 * @param groupKey the group's key when the request groups; {@code null} for the events whose group
 *     value is missing, JSON {@code null} or not a string, and when the request does not group
 * @param bucketStart the start of the bucket of {@code occurred_at} when the request has buckets,
 *     else {@code null}
 * @param count how many events of the group match the filter
 * @param numbers how many of them have a JSON number at the value ({@code count - numbers} were
 *     skipped by SUM, MIN and MAX); 0 when the request has no value
 * @param sum the sum of those numbers (0 when there are none), or {@code null} if SUM was not
 *     requested
 * @param min the smallest of those numbers, or {@code null} if there are none or MIN was not
 *     requested
 * @param max the largest of those numbers, or {@code null} if there are none or MAX was not
 *     requested
 */
public record AggregateRow(
    String groupKey,
    Instant bucketStart,
    long count,
    long numbers,
    BigDecimal sum,
    BigDecimal min,
    BigDecimal max) {}
