package io.eventrelay.jdbc.internal;

import static io.eventrelay.jdbc.internal.QueueTable.DELIVERIES;
import static io.eventrelay.jdbc.internal.QueueTable.D_ATTEMPTS;
import static io.eventrelay.jdbc.internal.QueueTable.D_AVAILABLE_AT;
import static io.eventrelay.jdbc.internal.QueueTable.D_GROUP_KEY;
import static io.eventrelay.jdbc.internal.QueueTable.D_OFFSET;
import static io.eventrelay.jdbc.internal.QueueTable.D_QUEUE_ID;
import static io.eventrelay.jdbc.internal.QueueTable.E_AVAILABLE;
import static io.eventrelay.jdbc.internal.QueueTable.E_GROUP_KEY;
import static io.eventrelay.jdbc.internal.Statements.row;
import static io.eventrelay.jdbc.internal.Statements.update;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.spi.QueueRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Puts events a queue already turned into deliveries back into it, as fresh deliveries (attempts
 * 0): the originals of its dead letters ({@link #redrive}) and a range of its topic ({@link
 * #replay}). Each call is one transaction that locks the queue's row first, so that it reads the
 * cursor as a concurrent claim leaves it; only events at or before the cursor are put back, and an
 * event that has a delivery in the queue already keeps it ({@code ON CONFLICT DO NOTHING}). A
 * filter that runs in memory is tested on the range's events in Java, in the same transaction.
 */
final class QueueRedeliveries {
  private final Dialect dialect;
  private final Connections connections;
  private final QueueTable sql;
  private final EventRows rows;

  QueueRedeliveries(Dialect dialect, Connections connections, QueueTable sql, EventRows rows) {
    this.dialect = dialect;
    this.connections = connections;
    this.sql = sql;
    this.rows = rows;
  }

  /** See {@link io.eventrelay.spi.QueueStorage#redrive}. */
  int redrive(
      QueueRecord q,
      Filter deadLetters,
      ToLongFunction<Event> originalOffset,
      int max,
      Instant now) {
    return connections.inTransaction(
        "redriving the dead letters of " + JdbcQueueStore.describe(q),
        c -> {
          long[] queue = row(c, sql.lockQueue, 3, q.id()); // scanned, redriven, topic id
          if (queue == null) {
            throw sql.missing(c, q);
          }
          long[] topic = row(c, sql.findTopic, 2, q.deadLetterTopic());
          if (topic == null) {
            return 0;
          }
          List<Event> letters = new ArrayList<>();
          try (ResultSet rs =
              DSL.using(c, dialect.jooq(), EventTable.SETTINGS)
                  .select(JdbcQueueStore.EVENT_FIELDS)
                  .from(EventTable.EVENTS)
                  .where(EventTable.E_TOPIC_ID.eq(topic[0]))
                  .and(EventTable.E_OFFSET.gt(queue[1]))
                  .and(FilterSql.condition(deadLetters, dialect.jooq()))
                  .orderBy(EventTable.E_OFFSET)
                  .limit(max)
                  .fetchResultSet()) {
            while (rs.next()) {
              letters.add(rows.read(rs, q.deadLetterTopic()));
            }
          }
          int moved = 0;
          for (Event letter : letters) {
            long offset = originalOffset.applyAsLong(letter);
            if (offset > 0) {
              moved +=
                  update(
                      c, sql.redriveDelivery, q.id(), Micros.of(now), queue[2], offset, queue[0]);
            }
          }
          if (!letters.isEmpty()) {
            update(c, sql.setRedriven, letters.get(letters.size() - 1).offset(), q.id());
          }
          return moved;
        });
  }

  /**
   * See {@link io.eventrelay.spi.QueueStorage#replay}: one {@code INSERT … SELECT} of the matching
   * events from {@code fromOffset} to the lower of {@code toOffset} and the cursor.
   */
  int replay(QueueRecord q, long fromOffset, long toOffset, Instant now) {
    return connections.inTransaction(
        "replaying offsets " + fromOffset + " to " + toOffset + " to " + JdbcQueueStore.describe(q),
        c -> {
          long[] queue = row(c, sql.lockQueue, 3, q.id()); // scanned, redriven, topic id
          if (queue == null) {
            throw sql.missing(c, q);
          }
          long last = Math.min(toOffset, queue[0]);
          if (last < fromOffset) {
            return 0;
          }
          DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
          Condition range =
              EventTable.E_TOPIC_ID.eq(queue[2]).and(EventTable.E_OFFSET.between(fromOffset, last));
          Condition matching =
              q.filter().isInMemory()
                  ? EventTable.E_OFFSET.in(matchesInMemory(ctx, q, range))
                  : FilterSql.condition(q.filter(), dialect.jooq());
          return ctx.insertInto(
                  DELIVERIES, D_QUEUE_ID, D_OFFSET, D_GROUP_KEY, D_AVAILABLE_AT, D_ATTEMPTS)
              .select(
                  ctx.select(
                          DSL.val(q.id()),
                          EventTable.E_OFFSET,
                          E_GROUP_KEY,
                          DSL.greatest(E_AVAILABLE, DSL.val(Micros.of(now))),
                          DSL.inline(0))
                      .from(EventTable.EVENTS)
                      .where(range)
                      .and(matching))
              .onConflictDoNothing()
              .execute();
        });
  }

  /** The offsets of the events in {@code range} that the queue's in-memory filter matches. */
  private List<Long> matchesInMemory(DSLContext ctx, QueueRecord q, Condition range)
      throws SQLException {
    List<Long> offsets = new ArrayList<>();
    try (ResultSet rs =
        ctx.select(JdbcQueueStore.EVENT_FIELDS)
            .from(EventTable.EVENTS)
            .where(range)
            .orderBy(EventTable.E_OFFSET)
            .fetchResultSet()) {
      while (rs.next()) {
        Event e = rows.read(rs, q.topic());
        if (q.filter().matches(e)) {
          offsets.add(e.offset());
        }
      }
    }
    return offsets;
  }
}
