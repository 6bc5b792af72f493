package io.eventrelay.jdbc.internal;

import static io.eventrelay.jdbc.internal.QueueTable.DELIVERIES;
import static io.eventrelay.jdbc.internal.QueueTable.D_ATTEMPTS;
import static io.eventrelay.jdbc.internal.QueueTable.D_AVAILABLE_AT;
import static io.eventrelay.jdbc.internal.QueueTable.D_GROUP_KEY;
import static io.eventrelay.jdbc.internal.QueueTable.D_LEASE_OWNER;
import static io.eventrelay.jdbc.internal.QueueTable.D_LEASE_UNTIL;
import static io.eventrelay.jdbc.internal.QueueTable.D_OFFSET;
import static io.eventrelay.jdbc.internal.QueueTable.D_QUEUE_ID;
import static io.eventrelay.jdbc.internal.QueueTable.E_AVAILABLE;
import static io.eventrelay.jdbc.internal.QueueTable.E_GROUP_KEY;
import static io.eventrelay.jdbc.internal.Statements.prepare;
import static io.eventrelay.jdbc.internal.Statements.row;
import static io.eventrelay.jdbc.internal.Statements.update;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A claim, in one transaction: (1) with a concurrency limit, lock the queue's row so that
 * concurrent claims count in turn, and count the leases in force; (2) lease the first claimable
 * deliveries (with {@code SKIP LOCKED} on PostgreSQL) and read their events; (3) if that leased
 * fewer than wanted and the topic has events after the queue's cursor, lock the queue's row and
 * turn the next matching events into deliveries, leasing the available ones as they are inserted,
 * and move the cursor. A FIFO queue instead turns up to {@link #SCAN_PAGE} events into deliveries
 * and leases again, since a new event may have to wait for an earlier one of its group. A queue
 * whose filter runs in memory turns events into deliveries in transactions of their own ({@link
 * InMemoryScans}) between two leasing ones.
 */
final class QueueClaims {
  /** The most events one claim turns into deliveries; the cursor stops after the last of them. */
  static final int SCAN_PAGE = 1000;

  private final Dialect dialect;
  private final Connections connections;
  private final QueueTable sql;
  private final EventRows rows;
  private final InMemoryScans scans;

  QueueClaims(Dialect dialect, Connections connections, QueueTable sql, EventRows rows) {
    this.dialect = dialect;
    this.connections = connections;
    this.sql = sql;
    this.rows = rows;
    this.scans = new InMemoryScans(dialect, connections, sql, rows);
  }

  List<Delivery> claim(QueueClaim k) {
    QueueRecord q = k.queue();
    String doing = "claiming jobs of " + JdbcQueueStore.describe(q);
    if (!q.filter().isInMemory()) {
      return connections.inClaim(doing, c -> claim(c, k, true)).leased();
    }
    // SQL cannot select these events: lease, turn more events into deliveries in steps of their
    // own if that was not enough, and lease again.
    Claimed first = connections.inClaim(doing, c -> claim(c, k, false));
    int left = first.max() - first.leased().size();
    if (!first.behind() || left <= 0 || scans.scan(q, left) == 0) {
      return first.leased();
    }
    QueueClaim rest =
        new QueueClaim(q, k.owner(), left, k.now(), k.leaseUntil(), k.concurrencyLimit(), k.fifo());
    return merge(first.leased(), connections.inClaim(doing, c -> claim(c, rest, false)).leased());
  }

  /**
   * One claim transaction; turns events into deliveries only if {@code scan}.
   *
   * @return what it leased, the most it could lease, and whether the cursor is behind the topic
   */
  private Claimed claim(Connection c, QueueClaim k, boolean scan) throws SQLException {
    QueueRecord q = k.queue();
    dialect.beginClaim(c);
    long now = Micros.of(k.now());
    long[] state = row(c, sql.queueState, 3, q.id()); // scanned, topic id, next offset
    if (state == null) {
      throw sql.missing(c, q);
    }
    long topicId = state[1];
    long last = state[2] - 1;
    int max = k.max();
    if (k.concurrencyLimit() > 0) {
      row(c, sql.lockQueue, 3, q.id()); // so that concurrent claims count in turn
      long inFlight = row(c, sql.inFlight, 1, q.id(), now)[0];
      max = (int) Math.min(max, k.concurrencyLimit() - inFlight);
      if (max <= 0) {
        return new Claimed(List.of(), 0, false);
      }
    }
    List<Delivery> leased = lease(c, k, topicId, max, now);
    if (leased.size() == max || last <= state[0] || !scan) {
      return new Claimed(leased, max, last > state[0]);
    }
    // Too few deliveries: turn more of the log into deliveries, then lease again. Scanning
    // only when needed keeps the deliveries table near the jobs in flight.
    long scanned = row(c, sql.lockQueue, 3, q.id())[0]; // as of the lock, not the read
    if (last <= scanned) {
      return new Claimed(leased, max, false);
    }
    List<Delivery> more;
    if (k.fifo()) {
      // A new event's group may have an earlier delivery pending: lease after the scan.
      scan(c, q, topicId, scanned, last);
      more = lease(c, k, topicId, max - leased.size(), now);
    } else {
      more = scanLeased(c, k, topicId, scanned, last, max - leased.size(), now);
    }
    return new Claimed(merge(leased, more), max, false);
  }

  private static List<Delivery> merge(List<Delivery> leased, List<Delivery> more) {
    if (leased.isEmpty()) {
      return more;
    }
    List<Delivery> all = new ArrayList<>(leased);
    all.addAll(more);
    all.sort(Comparator.comparingLong(d -> d.token().offset()));
    return all;
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
                        E_AVAILABLE,
                        DSL.inline(0))
                    .from(EventTable.EVENTS)
                    .where(after(q, topicId, scanned))
                    .and(EventTable.E_OFFSET.le(last))
                    .orderBy(EventTable.E_OFFSET)
                    .limit(SCAN_PAGE))
            .execute();
    // New deliveries lie above every older one, so after a full page the highest is the last taken.
    long to = inserted < SCAN_PAGE ? last : row(c, sql.lastDelivered, 1, q.id())[0];
    update(c, sql.advance, to, q.id());
  }

  /**
   * Turns the next {@code want} matching events after the cursor into deliveries that are leased at
   * once, those already available, so that new jobs cost one insert and one read of the log in
   * offset order rather than an insert, then an update and a key lookup per job. Events not yet
   * available become pending deliveries. The cursor moves past the events read (to {@code last}
   * when fewer than {@code want} match).
   */
  private List<Delivery> scanLeased(
      Connection c, QueueClaim k, long topicId, long scanned, long last, int want, long now)
      throws SQLException {
    QueueRecord q = k.queue();
    DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
    Condition after = after(q, topicId, scanned);
    List<Event> events = new ArrayList<>();
    try (ResultSet rs =
        ctx.select(JdbcQueueStore.EVENT_FIELDS)
            .from(EventTable.EVENTS)
            .where(after.and(EventTable.E_OFFSET.le(last)))
            .orderBy(EventTable.E_OFFSET)
            .limit(want)
            .fetchResultSet()) {
      while (rs.next()) {
        events.add(rows.read(rs, q.topic()));
      }
    }
    long to = events.size() < want ? last : events.get(events.size() - 1).offset();
    long until = Micros.of(k.leaseUntil());
    Condition due = E_AVAILABLE.le(now);
    ctx.insertInto(
            DELIVERIES,
            D_QUEUE_ID,
            D_OFFSET,
            D_GROUP_KEY,
            D_AVAILABLE_AT,
            D_ATTEMPTS,
            D_LEASE_OWNER,
            D_LEASE_UNTIL)
        .select(
            ctx.select(
                    DSL.val(q.id()),
                    EventTable.E_OFFSET,
                    E_GROUP_KEY,
                    DSL.when(due, DSL.val(until)).otherwise(E_AVAILABLE),
                    DSL.when(due, DSL.inline(1)).otherwise(DSL.inline(0)),
                    DSL.when(due, DSL.val(k.owner())).otherwise(DSL.inline((String) null)),
                    DSL.when(due, DSL.val(until)).otherwise(DSL.inline((Long) null)))
                .from(EventTable.EVENTS)
                .where(after.and(EventTable.E_OFFSET.le(to))))
        .execute();
    update(c, sql.advance, to, q.id());
    List<Delivery> out = new ArrayList<>(events.size());
    for (Event e : events) {
      if (Micros.of(e.availableAt().orElse(e.recordedAt())) <= now) {
        DeliveryToken token = new DeliveryToken(q, e.offset(), k.owner(), 1);
        out.add(new Delivery(token, e, Micros.toInstant(until), null));
      }
    }
    return out;
  }

  /** The queue's matching events after offset {@code scanned}. */
  private Condition after(QueueRecord q, long topicId, long scanned) {
    return EventTable.E_TOPIC_ID
        .eq(topicId)
        .and(EventTable.E_OFFSET.gt(scanned))
        .and(FilterSql.condition(q.filter(), dialect.jooq()));
  }

  private List<Delivery> lease(Connection c, QueueClaim k, long topicId, int max, long now)
      throws SQLException {
    QueueRecord q = k.queue();
    long until = Micros.of(k.leaseUntil());
    if (sql.leaseEvents != null) {
      return leaseEvents(c, k, topicId, max, now, until);
    }
    Map<Long, Leased> leased = new HashMap<>();
    String statement = k.fifo() ? sql.leaseFifo : sql.lease;
    try (PreparedStatement ps =
            prepare(c, statement, sql.leaseBinds(k.owner(), until, q.id(), now, max));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        leased.put(rs.getLong(1), new Leased(rs.getInt(2), rs.getLong(3), rs.getString(4)));
      }
    }
    if (leased.isEmpty()) {
      return List.of();
    }
    StringBuilder offsets = new StringBuilder("[");
    for (long offset : leased.keySet()) {
      offsets.append(offsets.length() == 1 ? "" : ",").append(offset);
    }
    List<Delivery> out = new ArrayList<>(leased.size());
    try (PreparedStatement ps =
            prepare(c, sql.leasedEvents, topicId, offsets.append(']').toString());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Event e = rows.read(rs, q.topic());
        Leased l = leased.get(e.offset());
        DeliveryToken token = new DeliveryToken(q, e.offset(), k.owner(), l.attempts);
        out.add(new Delivery(token, e, Micros.toInstant(l.until), l.lastError));
      }
    }
    return out;
  }

  /** Leases and reads the events in one statement ({@link QueueTable#leaseEvents}). */
  private List<Delivery> leaseEvents(
      Connection c, QueueClaim k, long topicId, int max, long now, long until) throws SQLException {
    QueueRecord q = k.queue();
    String statement = k.fifo() ? sql.leaseEventsFifo : sql.leaseEvents;
    int n = EventTable.EVENT_COLUMNS.size();
    List<Delivery> out = new ArrayList<>();
    try (PreparedStatement ps =
            prepare(
                c, statement, append(sql.leaseBinds(k.owner(), until, q.id(), now, max), topicId));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Event e = rows.read(rs, q.topic());
        DeliveryToken token = new DeliveryToken(q, e.offset(), k.owner(), rs.getInt(n + 1));
        out.add(new Delivery(token, e, Micros.toInstant(rs.getLong(n + 2)), rs.getString(n + 3)));
      }
    }
    return out;
  }

  private static Object[] append(Object[] binds, Object last) {
    Object[] out = Arrays.copyOf(binds, binds.length + 1);
    out[binds.length] = last;
    return out;
  }

  private record Leased(int attempts, long until, String lastError) {}

  private record Claimed(List<Delivery> leased, int max, boolean behind) {}
}
