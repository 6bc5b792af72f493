package io.eventrelay.jdbc.internal;

import io.eventrelay.spi.AggregateRow;
import java.util.List;
import org.jooq.Field;

/**
 * What differs between databases when {@link Aggregates} runs an aggregate: how a JSON value
 * becomes a group key or an exact number, and where the numbers are added up.
 *
 * <p>{@link #of} is the only place that tells the databases apart; it belongs in {@link Dialect}
 * (as an accessor of each dialect) once that file is free to change.
 */
interface AggregateDialect {

  /** The aggregate rendering for a storage's dialect. */
  static AggregateDialect of(Dialect dialect) {
    switch (dialect.jooq().family()) {
      case SQLITE:
        return SqliteAggregates.INSTANCE;
      case POSTGRES:
        return PostgresAggregates.INSTANCE;
      default:
        throw new IllegalArgumentException(
            "aggregates run on SQLite and PostgreSQL only (was " + dialect + ")");
    }
  }

  /**
   * The group key of an event: the text at {@code field} when it is a string (a text column, a UUID
   * column in canonical form, a JSON string), else {@code NULL}.
   *
   * @param field a {@link io.eventrelay.filter.JsonPath} or a text or UUID event field
   */
  Field<Object> groupKey(io.eventrelay.filter.Field field);

  /**
   * The number at {@code value}, exact, in the form {@link #aggregate} adds up; {@code NULL} when
   * it is missing or not a JSON number.
   *
   * @param value a {@link io.eventrelay.filter.JsonPath} or the offset field
   */
  Field<Object> number(io.eventrelay.filter.Field value);

  /**
   * Runs {@code query}: one row per group key and bucket that has events, in any order, with count,
   * numbers, sum (0 when there are no numbers), min and max all filled in.
   */
  List<AggregateRow> aggregate(Connections connections, AggregateQuery query);
}
