package io.eventrelay.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * One aggregate, as the database sees it: the events it covers and the expressions for their group
 * key, bucket and number, rendered by {@link Aggregates} and the {@link AggregateDialect}.
 *
 * @param topicId the topic's row id
 * @param upToOffset the last offset covered, at least 1
 * @param filter the request's filter, or {@link DSL#noCondition()}
 * @param groupKey the group key (text, or {@code NULL} for the null group), or null for no groups
 * @param bucket the bucket's start in microseconds, or null for no buckets
 * @param number the number at the value in the dialect's form, or null for no value
 */
record AggregateQuery(
    long topicId,
    long upToOffset,
    Condition filter,
    Field<Object> groupKey,
    Field<Object> bucket,
    Field<Object> number) {

  /** The columns of {@link #events}: the group key, the bucket, the number. */
  static final Field<Object> G = field(name("x", "g"));

  static final Field<Object> B = field(name("x", "b"));
  static final Field<Object> N = field(name("x", "n"));

  /** {@code occurred_at}'s bucket start: {@code floor(occurred_at / width) * width}. */
  static Field<Object> bucket(long widthMicros) {
    // % truncates toward zero on both databases; adding the width again floors negative times too.
    return field(
        "({0} - ((({0} % {1}) + {1}) % {1}))", field(name("occurred_at")), val(widthMicros));
  }

  /**
   * The derived table {@code x(g, b, n)} of the events with offsets {@code from} to {@code to} that
   * match the filter, with only the columns this query has.
   */
  Table<?> events(DSLContext ctx, long from, long to) {
    List<Field<?>> columns = new ArrayList<>();
    if (groupKey != null) {
      columns.add(groupKey.as(G.getName()));
    }
    if (bucket != null) {
      columns.add(bucket.as(B.getName()));
    }
    if (number != null) {
      columns.add(number.as(N.getName()));
    }
    if (columns.isEmpty()) {
      columns.add(DSL.inline(1).as("one"));
    }
    return ctx.select(columns)
        .from(EventTable.EVENTS)
        .where(EventTable.E_TOPIC_ID.eq(topicId))
        .and(EventTable.E_OFFSET.between(from, to))
        .and(filter)
        .asTable("x");
  }

  /** The key columns of {@link #events} this query groups by: {@link #G} and {@link #B}. */
  List<Field<?>> keys() {
    List<Field<?>> keys = new ArrayList<>();
    if (groupKey != null) {
      keys.add(G);
    }
    if (bucket != null) {
      keys.add(B);
    }
    return keys;
  }

  /** Prepares {@code q} on {@code c} with its values bound, for reading through plain JDBC. */
  static PreparedStatement prepare(Connection c, Query q) throws SQLException {
    PreparedStatement ps = c.prepareStatement(q.getSQL(ParamType.INDEXED));
    try {
      List<Object> binds = q.getBindValues();
      for (int i = 0; i < binds.size(); i++) {
        ps.setObject(i + 1, binds.get(i));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }
}
