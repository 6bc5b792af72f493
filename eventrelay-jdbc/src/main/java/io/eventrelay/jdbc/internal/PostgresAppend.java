package io.eventrelay.jdbc.internal;

import io.eventrelay.Event;
import io.eventrelay.UnknownTopicException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * PostgreSQL's append of one topic's events in a single statement, so a commit costs two round
 * trips (this statement, then COMMIT) instead of four: a data-modifying CTE takes the offsets from
 * the topic row (locking it until commit), sends the change notification, and inserts the events
 * from arrays bound as parameters, numbered by {@code WITH ORDINALITY}.
 */
final class PostgresAppend {
  private static final String SQL = sql(false);

  /**
   * The same, bounding the wait for the topic row's lock first ({@code set_config} in a CTE the
   * UPDATE joins, so that it runs before the row is locked, without a round trip of its own).
   */
  private static final String BOUNDED_SQL = sql(true);

  private static String sql(boolean bounded) {
    return (bounded
            ? "WITH lt AS (SELECT set_config('lock_timeout', ?, true) AS v), t AS ("
                + "UPDATE eventrelay_topics SET next_offset = next_offset + ? FROM lt WHERE name = ?"
            : "WITH t AS ("
                + "UPDATE eventrelay_topics SET next_offset = next_offset + ? WHERE name = ?")
        + " RETURNING id, next_offset - ? AS first,"
        + " pg_notify('"
        + PgNotifyWatcher.CHANNEL
        + "', current_schema() || '.' || name) AS notified),"
        + " ins AS (INSERT INTO eventrelay_events ("
        + String.join(", ", EventTable.EVENT_COLUMNS)
        + ") SELECT t.id, t.first + v.ord - 1, v.id, v.topic_identifier, v.name, v.source,"
        + " CAST(v.data AS jsonb), CAST(v.context AS jsonb), v.occurred_at, v.available_at, ?,"
        + " v.user_key, v.anonymous_key, v.group_key, v.reference_key, v.trace_key,"
        + " v.data_schema, v.prev_id"
        + " FROM t, unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]),"
        + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]),"
        + " CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),"
        + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS uuid[]))"
        + " WITH ORDINALITY AS v(id, topic_identifier, name, source, data, context, occurred_at,"
        + " available_at, user_key, anonymous_key, group_key, reference_key, trace_key,"
        + " data_schema, prev_id, ord)"
        + " RETURNING 1)"
        + " SELECT t.first, (SELECT count(*) FROM ins) FROM t";
  }

  private PostgresAppend() {}

  /**
   * Appends {@code events} to {@code topic} in the transaction of {@code c}.
   *
   * @param lockWait how long to wait at most for the topic row's lock (for the rest of the
   *     transaction: only in the storage's own transactions), or null to keep the transaction's
   *     setting
   * @return the first offset taken; the events have the offsets from it on, in list order
   * @throws UnknownTopicException if the topic does not exist
   */
  static long append(
      Connection c, String topic, List<Event> events, long recordedAt, Duration lockWait)
      throws SQLException {
    int n = events.size();
    try (PreparedStatement ps = c.prepareStatement(lockWait != null ? BOUNDED_SQL : SQL)) {
      int i = 1;
      if (lockWait != null) {
        // 0 would switch PostgreSQL's lock timeout off: wait a millisecond at least.
        ps.setString(i++, Math.max(1, lockWait.toMillis()) + "ms");
      }
      ps.setLong(i++, n);
      ps.setString(i++, topic);
      ps.setLong(i++, n);
      ps.setLong(i++, recordedAt);
      ps.setArray(i++, c.createArrayOf("uuid", column(events, Event::id, UUID[]::new)));
      ps.setArray(i++, texts(c, events, e -> e.topicIdentifier().orElse(null)));
      ps.setArray(i++, texts(c, events, Event::name));
      ps.setArray(i++, texts(c, events, Event::source));
      ps.setArray(i++, texts(c, events, Event::dataJson));
      ps.setArray(i++, texts(c, events, Event::contextJson));
      ps.setArray(i++, micros(c, events, Event::occurredAt));
      ps.setArray(i++, micros(c, events, e -> e.availableAt().orElse(null)));
      ps.setArray(i++, texts(c, events, e -> e.userKey().orElse(null)));
      ps.setArray(i++, texts(c, events, e -> e.anonymousKey().orElse(null)));
      ps.setArray(i++, texts(c, events, e -> e.groupKey().orElse(null)));
      ps.setArray(i++, texts(c, events, e -> e.referenceKey().orElse(null)));
      ps.setArray(i++, texts(c, events, e -> e.traceKey().orElse(null)));
      ps.setArray(i++, texts(c, events, e -> e.dataSchema().orElse(null)));
      ps.setArray(
          i, c.createArrayOf("uuid", column(events, e -> e.prevId().orElse(null), UUID[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new UnknownTopicException(topic);
        }
        if (rs.getLong(2) != n) {
          throw new SQLException("inserted " + rs.getLong(2) + " events of " + n);
        }
        return rs.getLong(1);
      }
    }
  }

  private static java.sql.Array texts(
      Connection c, List<Event> events, Function<Event, String> field) throws SQLException {
    return c.createArrayOf("text", column(events, field, String[]::new));
  }

  private static java.sql.Array micros(
      Connection c, List<Event> events, Function<Event, Instant> field) throws SQLException {
    Long[] out = new Long[events.size()];
    for (int i = 0; i < out.length; i++) {
      Instant t = field.apply(events.get(i));
      out[i] = t == null ? null : Micros.of(t);
    }
    return c.createArrayOf("bigint", out);
  }

  private static <T> T[] column(
      List<Event> events, Function<Event, T> field, java.util.function.IntFunction<T[]> array) {
    T[] out = array.apply(events.size());
    for (int i = 0; i < out.length; i++) {
      out[i] = field.apply(events.get(i));
    }
    return out;
  }
}
