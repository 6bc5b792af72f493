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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Turns events into deliveries for queues whose filter runs in memory ({@link
 * Filter#isInMemory()}), which SQL cannot select. Each step is one short transaction: lock the
 * queue's row, read up to {@link QueueClaims#SCAN_PAGE} events after its cursor, test the filter on
 * each, insert deliveries of the matches and move the cursor past the events read. The cursor and
 * the deliveries move together, so no event is skipped or delivered twice, and deliveries keep
 * offset order, so FIFO leasing works as for any queue. Steps repeat until enough deliveries were
 * made or the cursor reaches the topic's end; a filter that matches little never holds the queue's
 * lock (or SQLite's write lock) for more than a page.
 */
final class InMemoryScans {
  private final Dialect dialect;
  private final Connections connections;
  private final QueueTable sql;
  private final EventRows rows;

  InMemoryScans(Dialect dialect, Connections connections, QueueTable sql, EventRows rows) {
    this.dialect = dialect;
    this.connections = connections;
    this.sql = sql;
    this.rows = rows;
  }

  /**
   * Scans until at least {@code want} deliveries were made or the cursor is at the topic's end.
   *
   * @return how many deliveries were made
   * @throws io.eventrelay.FilterException if the filter throws; the step it ran in rolls back
   */
  int scan(QueueRecord q, int want) {
    int made = 0;
    while (made < want) {
      Step step =
          connections.inClaim(
              "turning events into jobs of " + JdbcQueueStore.describe(q) + " (in-memory filter)",
              c -> step(c, q));
      made += step.made;
      if (step.atEnd) {
        break;
      }
    }
    return made;
  }

  private Step step(Connection c, QueueRecord q) throws SQLException {
    dialect.beginClaim(c);
    long[] state = row(c, sql.queueState, 3, q.id()); // scanned, topic id, next offset
    if (state == null) {
      throw sql.missing(c, q);
    }
    long topicId = state[1];
    long last = state[2] - 1;
    long scanned = row(c, sql.lockQueue, 3, q.id())[0]; // as of the lock, not the read
    if (last <= scanned) {
      return new Step(0, true);
    }
    DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
    Condition page =
        EventTable.E_TOPIC_ID
            .eq(topicId)
            .and(EventTable.E_OFFSET.gt(scanned))
            .and(EventTable.E_OFFSET.le(last));
    List<Long> matches = new ArrayList<>();
    long read = 0;
    long to = scanned;
    try (ResultSet rs =
        ctx.select(JdbcQueueStore.EVENT_FIELDS)
            .from(EventTable.EVENTS)
            .where(page)
            .orderBy(EventTable.E_OFFSET)
            .limit(QueueClaims.SCAN_PAGE)
            .fetchResultSet()) {
      while (rs.next()) {
        Event e = rows.read(rs, q.topic());
        read++;
        to = e.offset();
        if (q.filter().matches(e)) {
          matches.add(e.offset());
        }
      }
    }
    if (read < QueueClaims.SCAN_PAGE) {
      to = last;
    }
    if (!matches.isEmpty()) {
      ctx.insertInto(DELIVERIES, D_QUEUE_ID, D_OFFSET, D_GROUP_KEY, D_AVAILABLE_AT, D_ATTEMPTS)
          .select(
              ctx.select(
                      DSL.val(q.id()), EventTable.E_OFFSET, E_GROUP_KEY, E_AVAILABLE, DSL.inline(0))
                  .from(EventTable.EVENTS)
                  .where(EventTable.E_TOPIC_ID.eq(topicId))
                  .and(EventTable.E_OFFSET.in(matches)))
          .execute();
    }
    update(c, sql.advance, to, q.id());
    return new Step(matches.size(), to == last);
  }

  private record Step(int made, boolean atEnd) {}
}
