package io.eventrelay.spi;

import io.eventrelay.Filter;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.Field;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.internal.TopicNames;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Storage#aggregate} computes: over the events of {@code topic} with offsets up to
 * {@code upToOffset} that match {@code filter}, the {@code functions} of the number at {@code
 * value}, in one {@link AggregateRow} per group of {@code groupBy} and time bucket of {@code
 * occurred_at} ({@code bucketWidth}).
 *
 * <p>Build one with {@link #count} or {@link #of}, then {@link #withFilter}, {@link #withGroupBy}
 * and {@link #withBucketWidth}. Immutable; the constructor checks every rule below.
 *
 * @param topic the topic's name
 * @param upToOffset the last offset to include (inclusive), at least 0; a metric that starts from
 *     the result continues with the events after {@link AggregateResult#upToOffset()}
 * @param filter only events that match it; {@link Filter#all()} for every event
 * @param functions what to compute, at least one; {@link Function#SUM}, {@link Function#MIN} and
 *     {@link Function#MAX} need a {@code value}
 * @param value where the number is: a {@link JsonPath} ({@code data.amount}) or {@link
 *     EventField#OFFSET}, the one numeric event field; {@code null} when only counting
 * @param groupBy what to group by: a {@link JsonPath} or a text or UUID {@link EventField} ({@code
 *     name}, {@code user_key}, …); {@code null} for no groups
 * @param bucketWidth the width of the time buckets of {@code occurred_at}: a whole number of
 *     seconds from 1 second to 366 days; {@code null} for no buckets
 */
public record AggregateRequest(
    String topic,
    long upToOffset,
    Filter filter,
    Set<Function> functions,
    Field value,
    Field groupBy,
    Duration bucketWidth) {

  /** The shortest bucket width. */
  public static final Duration MIN_BUCKET_WIDTH = Duration.ofSeconds(1);

  /** The longest bucket width. */
  public static final Duration MAX_BUCKET_WIDTH = Duration.ofDays(366);

  /** What an aggregate computes for each group; see {@link AggregateRow}. */
  public enum Function {
    /** How many events match: {@link AggregateRow#count()}. */
    COUNT,
    /** The exact sum of the numbers: {@link AggregateRow#sum()}. */
    SUM,
    /** The smallest number: {@link AggregateRow#min()}. */
    MIN,
    /** The largest number: {@link AggregateRow#max()}. */
    MAX
  }

  /**
   * Checks and copies the request.
   *
   * @throws IllegalArgumentException naming the part that breaks a rule, its value and the rule (a
   *     filter that runs in memory is refused)
   * @throws NullPointerException if {@code topic}, {@code filter} or {@code functions} (or one of
   *     them) is null
   */
  public AggregateRequest {
    TopicNames.checkName(topic);
    Objects.requireNonNull(filter, "filter");
    if (filter.isInMemory()) {
      throw new IllegalArgumentException(
          "filter must be a parsed filter, which the storage evaluates in SQL; '"
              + filter
              + "' runs in memory only");
    }
    if (upToOffset < 0) {
      throw new IllegalArgumentException("upToOffset must be at least 0 (was " + upToOffset + ")");
    }
    if (functions.isEmpty()) {
      throw new IllegalArgumentException(
          "functions must hold at least one of COUNT, SUM, MIN, MAX (was empty)");
    }
    functions = Collections.unmodifiableSet(EnumSet.copyOf(functions));
    if (value == null && !functions.equals(Set.of(Function.COUNT))) {
      throw new IllegalArgumentException(
          "value is required for " + functions + ": SUM, MIN and MAX need a number to work on");
    }
    if (value != null && !(value instanceof JsonPath) && value != EventField.OFFSET) {
      throw new IllegalArgumentException(
          "value must be a JSON path (data.… or context.…) or offset (was " + value.text() + ")");
    }
    if (groupBy instanceof EventField f
        && f.type() != EventField.Type.TEXT
        && f.type() != EventField.Type.UUID) {
      throw new IllegalArgumentException(
          "groupBy must be a JSON path or a text or UUID field (was "
              + f.text()
              + ", a "
              + f.type()
              + " field; group times with bucketWidth)");
    }
    if (bucketWidth != null) {
      if (bucketWidth.compareTo(MIN_BUCKET_WIDTH) < 0
          || bucketWidth.compareTo(MAX_BUCKET_WIDTH) > 0
          || bucketWidth.getNano() != 0) {
        throw new IllegalArgumentException(
            "bucketWidth must be a whole number of seconds between 1 second and 366 days (was "
                + bucketWidth
                + ")");
      }
    }
  }

  /** Counts the events of {@code topic} up to {@code upToOffset}: {@link Function#COUNT} alone. */
  public static AggregateRequest count(String topic, long upToOffset) {
    return new AggregateRequest(
        topic, upToOffset, Filter.all(), Set.of(Function.COUNT), null, null, null);
  }

  /**
   * Computes {@code functions} of the number at {@code value} over the events of {@code topic} up
   * to {@code upToOffset}.
   */
  public static AggregateRequest of(
      String topic, long upToOffset, Field value, Function... functions) {
    return new AggregateRequest(
        topic, upToOffset, Filter.all(), Set.copyOf(List.of(functions)), value, null, null);
  }

  /** This request, on the events that match {@code filter} only. */
  public AggregateRequest withFilter(Filter filter) {
    return new AggregateRequest(topic, upToOffset, filter, functions, value, groupBy, bucketWidth);
  }

  /** This request, with one row per value of {@code groupBy} (null for no groups). */
  public AggregateRequest withGroupBy(Field groupBy) {
    return new AggregateRequest(topic, upToOffset, filter, functions, value, groupBy, bucketWidth);
  }

  /** This request, with one row per time bucket of {@code width} (null for no buckets). */
  public AggregateRequest withBucketWidth(Duration width) {
    return new AggregateRequest(topic, upToOffset, filter, functions, value, groupBy, width);
  }

  /** The bucket width in microseconds, the unit {@code occurred_at} is stored in; 0 if none. */
  public long bucketWidthMicros() {
    return bucketWidth == null ? 0 : bucketWidth.getSeconds() * 1_000_000L;
  }
}
