package io.eventrelay.jdbc.internal;

import static io.eventrelay.jdbc.internal.QueueTable.DELIVERIES;
import static io.eventrelay.jdbc.internal.QueueTable.D_ATTEMPTS;
import static io.eventrelay.jdbc.internal.QueueTable.D_AVAILABLE_AT;
import static io.eventrelay.jdbc.internal.QueueTable.D_GROUP_KEY;
import static io.eventrelay.jdbc.internal.QueueTable.D_OFFSET;
import static io.eventrelay.jdbc.internal.QueueTable.D_QUEUE_ID;
import static io.eventrelay.jdbc.internal.QueueTable.E_AVAILABLE_AT;
import static io.eventrelay.jdbc.internal.QueueTable.E_GROUP_KEY;
import static io.eventrelay.jdbc.internal.QueueTable.prepare;
import static io.eventrelay.jdbc.internal.QueueTable.row;
import static io.eventrelay.jdbc.internal.QueueTable.update;

import io.eventrelay.Event;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueClaim;
import io.eventrelay.spi.QueueRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A claim, in one transaction: (1) if the topic has events after the queue's cursor, lock the
 * queue's row, turn up to {@link #SCAN_PAGE} matching events into deliveries and move the cursor;
 * (2) lease the first claimable deliveries (with {@code SKIP LOCKED} on PostgreSQL), within the
 * concurrency limit, which also locks the queue's row so that concurrent claims count in turn; (3)
 * read the leased events.
 */
final class QueueClaims {
  /** The most events one claim turns into deliveries; the cursor stops after the last of them. */
  static final int SCAN_PAGE = 1000;

  private final Dialect dialect;
  private final Connections connections;
  private final QueueTable sql;
  private final EventRows rows;

  QueueClaims(Dialect dialect, Connections connections, QueueTable sql, EventRows rows) {
    this.dialect = dialect;
    this.connections = connections;
    this.sql = sql;
    this.rows = rows;
  }

  List<Delivery> claim(QueueClaim k) {
    QueueRecord q = k.queue();
    return connections.inTransaction(
        c -> {
          long now = Micros.of(k.now());
          long[] state = row(c, sql.queueState, 3, q.id()); // scanned, topic id, next offset
          if (state == null) {
            throw sql.missing(c, q);
          }
          long scanned = state[0];
          long last = state[2] - 1;
          if (k.concurrencyLimit() > 0 || last > scanned) {
            scanned = row(c, sql.lockQueue, 3, q.id())[0]; // as of the lock, not the read
          }
          if (last > scanned) {
            scan(c, q, state[1], scanned, last);
          }
          int max = k.max();
          if (k.concurrencyLimit() > 0) {
            long inFlight = row(c, sql.inFlight, 1, q.id(), now)[0];
            max = (int) Math.min(max, k.concurrencyLimit() - inFlight);
            if (max <= 0) {
              return List.of();
            }
          }
          return lease(c, k, state[1], max, now);
        });
  }

  /** Turns the matching events after the cursor, up to {@link #SCAN_PAGE}, into deliveries. */
  private void scan(Connection c, QueueRecord q, long topicId, long scanned, long last)
      throws SQLException {
    DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
    int inserted =
        ctx.insertInto(DELIVERIES, D_QUEUE_ID, D_OFFSET, D_GROUP_KEY, D_AVAILABLE_AT, D_ATTEMPTS)
            .select(
                ctx.select(
                        DSL.val(q.id()),
                        EventTable.E_OFFSET,
                        E_GROUP_KEY,
                        DSL.coalesce(E_AVAILABLE_AT, EventTable.E_RECORDED_AT),
                        DSL.inline(0))
                    .from(EventTable.EVENTS)
                    .where(EventTable.E_TOPIC_ID.eq(topicId))
                    .and(EventTable.E_OFFSET.gt(scanned))
                    .and(EventTable.E_OFFSET.le(last))
                    .and(FilterSql.condition(q.filter(), dialect.jooq()))
                    .orderBy(EventTable.E_OFFSET)
                    .limit(SCAN_PAGE))
            .execute();
    // New deliveries lie above every older one, so after a full page the highest is the last taken.
    long to = inserted < SCAN_PAGE ? last : row(c, sql.lastDelivered, 1, q.id())[0];
    update(c, sql.advance, to, q.id());
  }

  private List<Delivery> lease(Connection c, QueueClaim k, long topicId, int max, long now)
      throws SQLException {
    QueueRecord q = k.queue();
    Map<Long, Leased> leased = new HashMap<>();
    String statement = k.fifo() ? sql.leaseFifo : sql.lease;
    long until = Micros.of(k.leaseUntil());
    try (PreparedStatement ps =
            prepare(c, statement, k.owner(), until, q.id(), q.id(), now, now, max);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        leased.put(rs.getLong(1), new Leased(rs.getInt(2), rs.getLong(3), rs.getString(4)));
      }
    }
    if (leased.isEmpty()) {
      return List.of();
    }
    List<Delivery> out = new ArrayList<>(leased.size());
    try (ResultSet rs =
        DSL.using(c, dialect.jooq(), EventTable.SETTINGS)
            .select(JdbcQueueStore.EVENT_FIELDS)
            .from(EventTable.EVENTS)
            .where(EventTable.E_TOPIC_ID.eq(topicId))
            .and(EventTable.E_OFFSET.in(leased.keySet()))
            .orderBy(EventTable.E_OFFSET)
            .fetchResultSet()) {
      while (rs.next()) {
        Event e = rows.read(rs, q.topic());
        Leased l = leased.get(e.offset());
        DeliveryToken token = new DeliveryToken(q, e.offset(), k.owner(), l.attempts);
        out.add(new Delivery(token, e, Micros.toInstant(l.until), l.lastError));
      }
    }
    return out;
  }

  private record Leased(int attempts, long until, String lastError) {}
}
