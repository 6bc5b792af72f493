package io.eventrelay.jdbc.internal;

import static io.eventrelay.jdbc.internal.Statements.render;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import io.eventrelay.UnknownQueueException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.spi.QueueRecord;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The worker-queue tables and the fixed statements on them, rendered once per dialect by jOOQ and
 * run with {@link Statements}. Every value is a bind parameter; the comment above each statement
 * lists its binds in order.
 */
final class QueueTable {
  static final Table<?> QUEUES = table(name("eventrelay_queues"));
  static final Field<Long> Q_ID = field(name("id"), SQLDataType.BIGINT);
  static final Field<Long> Q_TOPIC_ID = field(name("topic_id"), SQLDataType.BIGINT);
  static final Field<String> Q_NAME = field(name("name"), SQLDataType.VARCHAR);
  static final Field<String> Q_FILTER = field(name("filter"), SQLDataType.VARCHAR);
  static final Field<String> Q_DEAD_LETTERS = field(name("dead_letter_topic"), SQLDataType.VARCHAR);
  static final Field<Long> Q_SCANNED = field(name("scanned"), SQLDataType.BIGINT);
  static final Field<Long> Q_REDRIVEN = field(name("redriven"), SQLDataType.BIGINT);
  static final Field<Long> Q_CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);

  static final Table<?> DELIVERIES = table(name("eventrelay_deliveries"));
  static final Field<Long> D_QUEUE_ID = field(name("queue_id"), SQLDataType.BIGINT);
  static final Field<Long> D_OFFSET = field(name("event_offset"), SQLDataType.BIGINT);
  static final Field<String> D_GROUP_KEY = field(name("group_key"), SQLDataType.VARCHAR);
  static final Field<Long> D_AVAILABLE_AT = field(name("available_at"), SQLDataType.BIGINT);
  static final Field<Integer> D_ATTEMPTS = field(name("attempts"), SQLDataType.INTEGER);
  static final Field<String> D_LEASE_OWNER = field(name("lease_owner"), SQLDataType.VARCHAR);
  static final Field<Long> D_LEASE_UNTIL = field(name("lease_until"), SQLDataType.BIGINT);
  static final Field<String> D_LAST_ERROR = field(name("last_error"), SQLDataType.VARCHAR);

  /** The events' group key, as a delivery copies it. */
  static final Field<String> E_GROUP_KEY = field(name("group_key"), SQLDataType.VARCHAR);

  /** When an event's job first becomes available: its {@code available_at}, else its recording. */
  static final Field<Long> E_AVAILABLE =
      DSL.coalesce(field(name("available_at"), SQLDataType.BIGINT), EventTable.E_RECORDED_AT);

  // Binds: queue id, offset, owner, attempt.
  final String ack;
  // Binds: available at, error, then the token.
  final String retry;
  // Binds: available at, then the token. Gives the attempt back; a lease set the delivery's
  // availability to the lease's end (QueueClaims), a release sets it to when it may run again.
  final String release;
  // Binds: lease until, then the token.
  final String extend;
  // Binds: queue id, offset. Returns attempts, lease owner.
  final String findDelivery;
  // Binds: queue id. Returns scanned, topic id, the topic's next offset.
  final String queueState;
  // Binds: queue id. Returns scanned, redriven, topic id; locks the row.
  final String lockQueue;
  // Binds: queue id.
  final String lastDelivered;
  // Binds: scanned, queue id.
  final String advance;
  // Binds: queue id, now.
  final String inFlight;
  // Binds: leaseBinds. Returns offset, attempts, lease until, last error.
  final String lease;
  final String leaseFifo;
  // Whether the lease finds the picked rows by their key, which takes the queue id once more.
  private final boolean leaseByKey;
  // Where the dialect allows (else null): the lease and its events in one statement. Binds: the
  // lease's, then topic id. Returns the event columns, then attempts, lease until, last error.
  final String leaseEvents;
  final String leaseEventsFifo;
  // Where leaseEvents is null (SQLite): the leased events. Binds: topic id, then the offsets as a
  // JSON array, one fixed statement whatever their number.
  final String leasedEvents;
  // Binds: name, created at.
  final String ensureTopic;
  // Binds: name. Returns id, next offset.
  final String findTopic;
  // Binds: name. Returns id, next offset; locks the row.
  final String lockTopic;
  // Binds: topic id, name, filter, dead-letter topic, scanned, redriven, created at.
  final String insertQueue;
  // Binds: topic id, name. Returns id, filter, dead-letter topic, created at.
  final String selectQueue;
  // Binds: queue id.
  final String deleteDeliveries;
  // Binds: queue id.
  final String deleteQueue;
  // Binds: queue id, available at, topic id, offset, scanned.
  final String redriveDelivery;
  // Binds: redriven, queue id.
  final String setRedriven;

  QueueTable(Dialect dialect) {
    leaseByKey = dialect.picksByKey();
    DSLContext ctx = DSL.using(dialect.jooq(), EventTable.SETTINGS);
    Condition token =
        D_QUEUE_ID
            .eq(param("queue", SQLDataType.BIGINT))
            .and(D_OFFSET.eq(param("offset", SQLDataType.BIGINT)))
            .and(D_LEASE_OWNER.eq(param("owner", SQLDataType.VARCHAR)))
            .and(D_ATTEMPTS.eq(param("attempt", SQLDataType.INTEGER)));
    Field<Long> queueId = param("queue", SQLDataType.BIGINT);
    ack = render(ctx.deleteFrom(DELIVERIES).where(token));
    retry =
        render(
            ctx.update(DELIVERIES)
                .set(D_LEASE_OWNER, inline((String) null))
                .set(D_LEASE_UNTIL, inline((Long) null))
                .set(D_AVAILABLE_AT, param("availableAt", SQLDataType.BIGINT))
                .set(D_LAST_ERROR, param("error", SQLDataType.VARCHAR))
                .where(token));
    release =
        render(
            ctx.update(DELIVERIES)
                .set(D_LEASE_OWNER, inline((String) null))
                .set(D_LEASE_UNTIL, inline((Long) null))
                .set(D_ATTEMPTS, D_ATTEMPTS.minus(inline(1)))
                .set(D_AVAILABLE_AT, param("availableAt", SQLDataType.BIGINT))
                .where(token));
    extend =
        render(
            ctx.update(DELIVERIES)
                .set(D_LEASE_UNTIL, param("until", SQLDataType.BIGINT))
                .where(token));
    findDelivery =
        render(
            ctx.select(D_ATTEMPTS, D_LEASE_OWNER)
                .from(DELIVERIES)
                .where(D_QUEUE_ID.eq(queueId))
                .and(D_OFFSET.eq(param("offset", SQLDataType.BIGINT))));
    Table<?> q = QUEUES.as("q");
    Table<?> t = EventTable.TOPICS.as("t");
    queueState =
        render(
            ctx.select(
                    field(name("q", "scanned"), SQLDataType.BIGINT),
                    field(name("q", "topic_id"), SQLDataType.BIGINT),
                    field(name("t", "next_offset"), SQLDataType.BIGINT))
                .from(q)
                .join(t)
                .on(field(name("t", "id")).eq(field(name("q", "topic_id"))))
                .where(field(name("q", "id"), SQLDataType.BIGINT).eq(queueId)));
    lockQueue =
        render(
            dialect.forUpdate(
                ctx.select(Q_SCANNED, Q_REDRIVEN, Q_TOPIC_ID)
                    .from(QUEUES)
                    .where(Q_ID.eq(queueId))));
    lastDelivered =
        render(ctx.select(DSL.max(D_OFFSET)).from(DELIVERIES).where(D_QUEUE_ID.eq(queueId)));
    advance =
        render(
            ctx.update(QUEUES)
                .set(Q_SCANNED, param("scanned", SQLDataType.BIGINT))
                .where(Q_ID.eq(queueId)));
    inFlight =
        render(
            ctx.selectCount()
                .from(DELIVERIES)
                .where(D_QUEUE_ID.eq(queueId))
                .and(D_LEASE_UNTIL.ge(param("now", SQLDataType.BIGINT))));
    lease = renderLease(ctx, dialect, false);
    leaseFifo = renderLease(ctx, dialect, true);
    leaseEvents = dialect.updatesInWith() ? leaseEvents(lease) : null;
    leaseEventsFifo = dialect.updatesInWith() ? leaseEvents(leaseFifo) : null;
    leasedEvents =
        dialect.updatesInWith()
            ? null
            : render(
                ctx.select(JdbcQueueStore.EVENT_FIELDS)
                    .from(EventTable.EVENTS)
                    .where(EventTable.E_TOPIC_ID.eq(param("topicId", SQLDataType.BIGINT)))
                    .and(
                        EventTable.E_OFFSET.in(
                            DSL.select(field(name("value"), SQLDataType.BIGINT))
                                .from(
                                    DSL.table(
                                        "json_each({0})", param("offsets", SQLDataType.VARCHAR)))))
                    .orderBy(EventTable.E_OFFSET));
    ensureTopic =
        render(
            ctx.insertInto(EventTable.TOPICS)
                .columns(EventTable.TOPIC_NAME, EventTable.NEXT_OFFSET, EventTable.CREATED_AT)
                .values(
                    param("name", SQLDataType.VARCHAR),
                    inline(1L),
                    param("createdAt", SQLDataType.BIGINT))
                .onConflict(EventTable.TOPIC_NAME)
                .doNothing());
    Condition topicNamed = EventTable.TOPIC_NAME.eq(param("name", SQLDataType.VARCHAR));
    findTopic =
        render(
            ctx.select(EventTable.TOPIC_ID, EventTable.NEXT_OFFSET)
                .from(EventTable.TOPICS)
                .where(topicNamed));
    // Locks the topic row, as deleteTopic does, so that the topic cannot go while a queue is added.
    lockTopic =
        render(
            ctx.update(EventTable.TOPICS)
                .set(EventTable.NEXT_OFFSET, EventTable.NEXT_OFFSET)
                .where(topicNamed)
                .returning(EventTable.TOPIC_ID, EventTable.NEXT_OFFSET));
    insertQueue =
        render(
            ctx.insertInto(QUEUES)
                .columns(
                    Q_TOPIC_ID,
                    Q_NAME,
                    Q_FILTER,
                    Q_DEAD_LETTERS,
                    Q_SCANNED,
                    Q_REDRIVEN,
                    Q_CREATED_AT)
                .values(
                    param("topicId", SQLDataType.BIGINT),
                    param("name", SQLDataType.VARCHAR),
                    param("filter", SQLDataType.VARCHAR),
                    param("deadLetters", SQLDataType.VARCHAR),
                    param("scanned", SQLDataType.BIGINT),
                    param("redriven", SQLDataType.BIGINT),
                    param("createdAt", SQLDataType.BIGINT))
                .onConflict(Q_TOPIC_ID, Q_NAME)
                .doNothing());
    selectQueue =
        render(
            ctx.select(Q_ID, Q_FILTER, Q_DEAD_LETTERS, Q_CREATED_AT)
                .from(QUEUES)
                .where(Q_TOPIC_ID.eq(param("topicId", SQLDataType.BIGINT)))
                .and(Q_NAME.eq(param("name", SQLDataType.VARCHAR))));
    deleteDeliveries = render(ctx.deleteFrom(DELIVERIES).where(D_QUEUE_ID.eq(queueId)));
    deleteQueue = render(ctx.deleteFrom(QUEUES).where(Q_ID.eq(queueId)));
    redriveDelivery =
        render(
            ctx.insertInto(
                    DELIVERIES, D_QUEUE_ID, D_OFFSET, D_GROUP_KEY, D_AVAILABLE_AT, D_ATTEMPTS)
                .select(
                    ctx.select(
                            queueId,
                            EventTable.E_OFFSET,
                            E_GROUP_KEY,
                            param("availableAt", SQLDataType.BIGINT),
                            inline(0))
                        .from(EventTable.EVENTS)
                        .where(EventTable.E_TOPIC_ID.eq(param("topicId", SQLDataType.BIGINT)))
                        .and(EventTable.E_OFFSET.eq(param("offset", SQLDataType.BIGINT)))
                        .and(EventTable.E_OFFSET.le(param("scanned", SQLDataType.BIGINT))))
                .onConflictDoNothing());
    setRedriven =
        render(
            ctx.update(QUEUES)
                .set(Q_REDRIVEN, param("redriven", SQLDataType.BIGINT))
                .where(Q_ID.eq(queueId)));
  }

  /**
   * Leases the first claimable deliveries: available, not leased (or the lease ended), and for FIFO
   * the first of their group still in the queue; rows other claimers hold are skipped. A leased
   * delivery is next available when its lease ends, so that later claims, which read {@code
   * eventrelay_deliveries_due} in order, do not step over the jobs in flight.
   */
  private static String renderLease(DSLContext ctx, Dialect dialect, boolean fifo) {
    Table<?> d = DELIVERIES.as("d");
    Field<Long> dQueue = field(name("d", "queue_id"), SQLDataType.BIGINT);
    Field<Long> dOffset = field(name("d", "event_offset"), SQLDataType.BIGINT);
    Field<String> dGroup = field(name("d", "group_key"), SQLDataType.VARCHAR);
    Field<Long> dLease = field(name("d", "lease_until"), SQLDataType.BIGINT);
    Condition claimable =
        dQueue
            .eq(param("queue", SQLDataType.BIGINT))
            .and(field(name("d", "available_at"), SQLDataType.BIGINT).le(param("now", 0L)))
            .and(dLease.isNull().or(dLease.lt(param("now", 0L))));
    if (fifo) {
      Table<?> e = DELIVERIES.as("e");
      claimable =
          claimable.and(
              dGroup
                  .isNull()
                  .or(
                      DSL.notExists(
                          DSL.selectOne()
                              .from(e)
                              .where(field(name("e", "queue_id"), SQLDataType.BIGINT).eq(dQueue))
                              .and(field(name("e", "group_key"), SQLDataType.VARCHAR).eq(dGroup))
                              .and(
                                  field(name("e", "event_offset"), SQLDataType.BIGINT)
                                      .lt(dOffset)))));
    }
    // Earliest available first, then by offset: the order of eventrelay_deliveries_due, so that
    // the pick reads the index in order and stops at the limit.
    Select<Record1<Object>> pick =
        dialect.forUpdateSkipLocked(
            ctx.select(dialect.rowId("d", D_OFFSET))
                .from(d)
                .where(claimable)
                .orderBy(field(name("d", "available_at")), dOffset)
                .limit(param("limit", SQLDataType.INTEGER)));
    return render(
        ctx.update(DELIVERIES)
            .set(D_ATTEMPTS, D_ATTEMPTS.plus(inline(1)))
            .set(D_LEASE_OWNER, param("owner", SQLDataType.VARCHAR))
            .set(D_LEASE_UNTIL, param("until", SQLDataType.BIGINT))
            .set(D_AVAILABLE_AT, param("until", SQLDataType.BIGINT))
            .where(dialect.isPicked(D_QUEUE_ID, dialect.rowId(null, D_OFFSET), pick))
            .returning(D_OFFSET, D_ATTEMPTS, D_LEASE_UNTIL, D_LAST_ERROR));
  }

  /**
   * The lease, then each leased event looked up by its key, in offset order: one statement. The
   * lookup is a {@code LATERAL} subquery with {@code LIMIT 1}, which PostgreSQL never flattens into
   * a join, so it stays one primary-key probe per leased row whatever the statistics say (a generic
   * plan from "empty table" statistics otherwise joined by filtering every event of the topic for
   * every leased row). Binds: {@link #leaseBinds}, then the topic id. Returns the event columns,
   * then attempts, lease until, last error.
   */
  private static String leaseEvents(String lease) {
    StringBuilder columns = new StringBuilder();
    for (String column : EventTable.EVENT_COLUMNS) {
      columns.append(columns.isEmpty() ? "" : ", ").append("e.").append(column);
    }
    return "WITH leased AS ("
        + lease
        + ") SELECT "
        + columns
        + ", l.attempts, l.lease_until, l.last_error FROM leased l CROSS JOIN LATERAL (SELECT "
        + columns
        + " FROM eventrelay_events e WHERE e.topic_id = ? AND e.event_offset = l.event_offset"
        + " LIMIT 1) e ORDER BY e.event_offset";
  }

  /** The binds of {@link #lease} and {@link #leaseFifo}, in order. */
  Object[] leaseBinds(String owner, long until, long queue, long now, int limit) {
    return leaseByKey
        ? new Object[] {owner, until, until, queue, queue, now, now, limit}
        : new Object[] {owner, until, until, queue, now, now, limit};
  }

  /** The queue is gone: its topic was deleted, or the queue itself. */
  RuntimeException missing(Connection c, QueueRecord q) throws SQLException {
    if (Statements.row(c, findTopic, 2, q.topic()) == null) {
      return new UnknownTopicException(q.topic());
    }
    return new UnknownQueueException(q.topic(), q.name());
  }
}
