package io.eventrelay.jdbc.internal;

import static io.eventrelay.jdbc.internal.QueueTable.DELIVERIES;
import static io.eventrelay.jdbc.internal.QueueTable.D_AVAILABLE_AT;
import static io.eventrelay.jdbc.internal.QueueTable.D_LEASE_UNTIL;
import static io.eventrelay.jdbc.internal.QueueTable.D_QUEUE_ID;
import static io.eventrelay.jdbc.internal.QueueTable.E_AVAILABLE;
import static io.eventrelay.jdbc.internal.QueueTable.QUEUES;
import static io.eventrelay.jdbc.internal.QueueTable.Q_ID;
import static io.eventrelay.jdbc.internal.QueueTable.Q_TOPIC_ID;
import static io.eventrelay.jdbc.internal.Statements.prepare;
import static io.eventrelay.jdbc.internal.Statements.row;
import static io.eventrelay.jdbc.internal.Statements.update;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.QueueStats;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueClaim;
import io.eventrelay.spi.QueueRecord;
import io.eventrelay.spi.QueueStorage;
import io.eventrelay.spi.StoredFilters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Worker queues in {@code eventrelay_queues} (a cursor over the topic) and {@code
 * eventrelay_deliveries} (pending, leased and retrying jobs). Each operation is one short
 * transaction. A claim serialises its scan of new events per queue by locking the queue's row
 * (PostgreSQL {@code FOR UPDATE}; SQLite's {@code BEGIN IMMEDIATE} serialises every writer), and
 * leases with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL so that concurrent claimers take
 * different rows. Lease-token changes are conditional {@code UPDATE}s and {@code DELETE}s.
 */
public final class JdbcQueueStore implements QueueStorage {
  /** The event columns, in the order {@link EventRows} reads them. */
  static final List<Field<?>> EVENT_FIELDS =
      EventTable.EVENT_COLUMNS.stream().<Field<?>>map(c -> field(name(c))).toList();

  private final Dialect dialect;
  private final Connections connections;
  private final Clock clock;
  private final Duration lockWait;
  private final QueueTable sql;
  private final EventTable events;
  private final EventRows rows;
  private final QueueClaims claims;
  private final TokenChanges changes;
  private final QueueRedeliveries redeliveries;

  /** A store on {@code connections}, whose schema is already migrated. */
  public JdbcQueueStore(Dialect dialect, Connections connections, Clock clock, Duration lockWait) {
    this.lockWait = lockWait;
    this.dialect = dialect;
    this.connections = connections;
    this.clock = clock;
    this.sql = new QueueTable(dialect);
    this.events = new EventTable(dialect);
    this.rows = new EventRows(dialect);
    this.claims = new QueueClaims(dialect, connections, sql, rows);
    this.changes = new TokenChanges(dialect, connections, sql);
    this.redeliveries = new QueueRedeliveries(dialect, connections, sql, rows);
  }

  @Override
  public QueueRecord openQueue(
      String topic, String name, Filter filter, String deadLetterTopic, boolean deliverExisting) {
    return connections.inTransaction(
        "opening queue '" + name + "' of topic '" + topic + "'",
        c -> {
          long now = Micros.of(clock.instant());
          // The dead-letter topic first, then the queue's: one topic lock at a time.
          update(c, sql.ensureTopic, deadLetterTopic, now);
          long deadLettersEnd = row(c, sql.findTopic, 2, deadLetterTopic)[1] - 1;
          long[] source = row(c, sql.lockTopic, 2, topic);
          if (source == null) {
            throw new UnknownTopicException(topic);
          }
          long scanned = deliverExisting ? 0 : source[1] - 1;
          String text = StoredFilters.text(filter);
          update(
              c,
              sql.insertQueue,
              source[0],
              name,
              text,
              deadLetterTopic,
              scanned,
              deadLettersEnd,
              now);
          try (PreparedStatement ps = prepare(c, sql.selectQueue, source[0], name);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            QueueRecord q =
                new QueueRecord(
                    rs.getLong(1),
                    topic,
                    name,
                    filter,
                    rs.getString(3),
                    Micros.toInstant(rs.getLong(4)));
            String stored = rs.getString(2);
            if (!StoredFilters.same(stored, filter)) {
              refuse(q, "filter", StoredFilters.describe(stored), filter);
            }
            checkSame(q, "dead-letter topic", q.deadLetterTopic(), deadLetterTopic);
            return q;
          }
        });
  }

  private static void checkSame(QueueRecord q, String what, Object stored, Object given) {
    if (!stored.equals(given)) {
      refuse(q, what, stored, given);
    }
  }

  private static void refuse(QueueRecord q, String what, Object stored, Object given) {
    throw new IllegalArgumentException(
        "queue '"
            + q.name()
            + "' on topic '"
            + q.topic()
            + "' exists with "
            + what
            + " '"
            + stored
            + "', not '"
            + given
            + "'; delete the queue to change it");
  }

  @Override
  public boolean deleteQueue(QueueRecord q) {
    return connections.inTransaction(
        "deleting " + describe(q),
        c -> {
          if (row(c, sql.lockQueue, 3, q.id()) == null) {
            return false;
          }
          update(c, sql.deleteDeliveries, q.id());
          update(c, sql.deleteQueue, q.id());
          return true;
        });
  }

  /**
   * Deletes the queues of a topic being deleted, within {@link EventStore#deleteTopic}'s
   * transaction. Their rows are locked first, so that a claim, redrive or replay adding deliveries
   * finishes before the deliveries go.
   */
  static void deleteQueues(DSLContext ctx, Dialect dialect, long topicId) {
    dialect.forUpdate(ctx.select(Q_ID).from(QUEUES).where(Q_TOPIC_ID.eq(topicId))).fetch();
    ctx.deleteFrom(DELIVERIES)
        .where(D_QUEUE_ID.in(DSL.select(Q_ID).from(QUEUES).where(Q_TOPIC_ID.eq(topicId))))
        .execute();
    ctx.deleteFrom(QUEUES).where(Q_TOPIC_ID.eq(topicId)).execute();
  }

  @Override
  public List<Delivery> claim(QueueClaim claim) {
    return claims.claim(claim);
  }

  @Override
  public void ack(DeliveryToken t) {
    changeLeased("acknowledging", t, sql.ack);
  }

  @Override
  public void retry(DeliveryToken t, Instant availableAt, String error) {
    changeLeased("scheduling a retry of", t, sql.retry, Micros.of(availableAt), error);
  }

  @Override
  public void release(DeliveryToken t, Instant availableAt) {
    changeLeased("releasing", t, sql.release, Micros.of(availableAt));
  }

  @Override
  public void extend(DeliveryToken t, Instant leaseUntil) {
    changeLeased("extending the lease of", t, sql.extend, Micros.of(leaseUntil));
  }

  private void changeLeased(String verb, DeliveryToken t, String statement, Object... leading) {
    connections.inTransaction(
        verb + " " + t.describe(),
        c -> {
          if (update(c, statement, TokenChanges.binds(t, leading)) == 0) {
            throw lost(c, t);
          }
          return null;
        });
  }

  @Override
  public boolean[] ackAll(List<DeliveryToken> tokens) {
    return changes.ack(tokens);
  }

  @Override
  public boolean[] releaseAll(List<DeliveryToken> tokens, Instant availableAt) {
    return changes.release(tokens, Micros.of(availableAt));
  }

  @Override
  public boolean[] extendAll(List<DeliveryToken> tokens, Instant leaseUntil) {
    return changes.extend(tokens, Micros.of(leaseUntil));
  }

  @Override
  public void deadLetter(DeliveryToken t, Event deadLetter, Instant recordedAt) {
    String topic = t.queue().deadLetterTopic();
    connections.inTransaction(
        "moving " + t.describe() + " to the dead letters",
        c -> {
          if (update(c, sql.ack, TokenChanges.binds(t)) == 0) {
            throw lost(c, t);
          }
          long recorded = Micros.of(recordedAt);
          update(c, sql.ensureTopic, topic, recorded);
          dialect.appendTopic(c, events, rows, topic, List.of(deadLetter), recorded, lockWait);
          return null;
        });
  }

  @Override
  public int redrive(
      QueueRecord q,
      Filter deadLetters,
      ToLongFunction<Event> originalOffset,
      int max,
      Instant now) {
    return redeliveries.redrive(q, deadLetters, originalOffset, max, now);
  }

  @Override
  public int replay(QueueRecord q, long fromOffset, long toOffset, Instant now) {
    return redeliveries.replay(q, fromOffset, toOffset, now);
  }

  @Override
  public QueueStats stats(QueueRecord q, Filter deadLetters, Instant now) {
    long t = Micros.of(now);
    Field<Long> qId = field(name("q", "id"), SQLDataType.BIGINT);
    Condition unscanned =
        EventTable.E_TOPIC_ID
            .eq(field(name("q", "topic_id"), SQLDataType.BIGINT))
            .and(EventTable.E_OFFSET.gt(field(name("q", "scanned"), SQLDataType.BIGINT)))
            .and(FilterSql.condition(q.filter(), dialect.jooq()));
    Condition notLeased = D_LEASE_UNTIL.isNull().or(D_LEASE_UNTIL.lt(t));
    Condition deadLetterTopic =
        EventTable.E_TOPIC_ID.eq(
            DSL.select(EventTable.TOPIC_ID)
                .from(EventTable.TOPICS)
                .where(EventTable.TOPIC_NAME.eq(q.deadLetterTopic())));
    return connections.withConnection(
        "reading the statistics of " + describe(q),
        c -> {
          // One statement, so one consistent snapshot.
          Record r =
              DSL.using(c, dialect.jooq(), EventTable.SETTINGS)
                  .select(
                      DSL.selectCount().from(DELIVERIES).where(D_QUEUE_ID.eq(qId)).asField(),
                      DSL.selectCount()
                          .from(DELIVERIES)
                          .where(D_QUEUE_ID.eq(qId))
                          .and(D_LEASE_UNTIL.ge(t))
                          .asField(),
                      DSL.select(DSL.min(D_AVAILABLE_AT))
                          .from(DELIVERIES)
                          .where(D_QUEUE_ID.eq(qId))
                          .and(notLeased)
                          .and(D_AVAILABLE_AT.le(t))
                          .asField(),
                      DSL.selectCount().from(EventTable.EVENTS).where(unscanned).asField(),
                      DSL.select(DSL.min(E_AVAILABLE))
                          .from(EventTable.EVENTS)
                          .where(unscanned)
                          .and(E_AVAILABLE.le(t))
                          .asField(),
                      DSL.selectCount()
                          .from(EventTable.EVENTS)
                          .where(deadLetterTopic)
                          .and(
                              EventTable.E_OFFSET.gt(
                                  field(name("q", "redriven"), SQLDataType.BIGINT)))
                          .and(FilterSql.condition(deadLetters, dialect.jooq()))
                          .asField())
                  .from(QUEUES.as("q"))
                  .where(qId.eq(q.id()))
                  .fetchOne();
          if (r == null) {
            throw sql.missing(c, q);
          }
          long deliveries = r.get(0, Long.class);
          long inFlight = r.get(1, Long.class);
          Long oldest = min(r.get(2, Long.class), r.get(4, Long.class));
          Duration age =
              oldest == null ? Duration.ZERO : Duration.of(t - oldest, ChronoUnit.MICROS);
          return new QueueStats(
              deliveries - inFlight + r.get(3, Long.class), inFlight, age, r.get(5, Long.class));
        });
  }

  /** "queue 'work' of topic 'jobs'", for messages. */
  static String describe(QueueRecord q) {
    return "queue '" + q.name() + "' of topic '" + q.topic() + "'";
  }

  private static Long min(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }

  /** Why a delivery no longer carries the token {@code t}, as the exception to throw. */
  private JobLeaseLostException lost(Connection c, DeliveryToken t) throws SQLException {
    QueueRecord q = t.queue();
    String job = t.describe();
    try (PreparedStatement ps = prepare(c, sql.findDelivery, q.id(), t.offset());
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new JobLeaseLostException(
            job + " is no longer in the queue: it was acknowledged or moved to the dead letters");
      }
      if (rs.getString(2) == null) {
        return new JobLeaseLostException(
            job
                + " is no longer leased: it was failed or released, and waits for its next attempt");
      }
      return new JobLeaseLostException(
          job
              + " lost its lease: the lease expired and the job was claimed again (attempt "
              + rs.getInt(1)
              + ")");
    }
  }
}
