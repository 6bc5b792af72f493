package io.eventrelay.jdbc.internal;

import io.eventrelay.Event;
import io.eventrelay.OutcomeUnknownException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.TopicRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * The storage operations, written once for every dialect.
 *
 * <p>Offsets: a topic row holds the next offset to assign. An append increments it by the number of
 * events for that topic ({@code UPDATE … RETURNING}), which locks the row until the transaction
 * ends; so offsets are handed out in commit order, a rolled-back transaction gives its offsets
 * back, and offsets stay dense. Topics are locked in name order, so that two appends spanning the
 * same topics cannot deadlock.
 */
public final class EventStore {
  private final Dialect dialect;
  private final Connections connections;
  private final Clock clock;
  private final EventTable table;
  private final EventRows rows;
  private final Duration lockWait;

  /**
   * A store on {@code connections}, whose schema is already migrated.
   *
   * @param lockWait how long the store's own appends wait for a topic's offset lock
   */
  public EventStore(Dialect dialect, Connections connections, Clock clock, Duration lockWait) {
    this.lockWait = lockWait;
    this.dialect = dialect;
    this.connections = connections;
    this.clock = clock;
    this.table = new EventTable(dialect);
    this.rows = new EventRows(dialect);
  }

  /** See {@link io.eventrelay.spi.Storage#createTopic}. */
  public TopicRecord createTopic(String name) {
    return connections.inTransaction(
        "creating topic '" + name + "'",
        c -> {
          DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
          ctx.insertInto(EventTable.TOPICS)
              .columns(EventTable.TOPIC_NAME, EventTable.NEXT_OFFSET, EventTable.CREATED_AT)
              .values(name, 1L, Micros.of(clock.instant()))
              .onConflict(EventTable.TOPIC_NAME)
              .doNothing()
              .execute();
          return find(c, name).orElseThrow();
        });
  }

  /** See {@link io.eventrelay.spi.Storage#findTopic}. */
  public Optional<TopicRecord> findTopic(String name) {
    return connections.withConnection("finding topic '" + name + "'", c -> find(c, name));
  }

  /** See {@link io.eventrelay.spi.Storage#listTopics}. */
  public List<TopicRecord> listTopics() {
    return connections.withConnection(
        "listing topics",
        c ->
            DSL.using(c, dialect.jooq(), EventTable.SETTINGS)
                .select(EventTable.TOPIC_NAME, EventTable.CREATED_AT)
                .from(EventTable.TOPICS)
                .orderBy(EventTable.TOPIC_NAME)
                .fetch(r -> new TopicRecord(r.value1(), Micros.toInstant(r.value2()))));
  }

  /** See {@link io.eventrelay.spi.Storage#deleteTopic}. */
  public boolean deleteTopic(String name) {
    return connections.inTransaction(
        "deleting topic '" + name + "'",
        c -> {
          DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
          // Lock the topic row first, so that appends in flight finish before its events go.
          Long id =
              ctx.update(EventTable.TOPICS)
                  .set(EventTable.NEXT_OFFSET, EventTable.NEXT_OFFSET)
                  .where(EventTable.TOPIC_NAME.eq(name))
                  .returning(EventTable.TOPIC_ID)
                  .fetchOptional(EventTable.TOPIC_ID)
                  .orElse(null);
          if (id == null) {
            return false;
          }
          ctx.deleteFrom(EventTable.EVENTS).where(EventTable.E_TOPIC_ID.eq(id)).execute();
          ctx.deleteFrom(JdbcStreamStore.STREAMS)
              .where(JdbcStreamStore.S_TOPIC_ID.eq(id))
              .execute();
          JdbcQueueStore.deleteQueues(ctx, dialect, id);
          ctx.deleteFrom(EventTable.TOPICS).where(EventTable.TOPIC_ID.eq(id)).execute();
          return true;
        });
  }

  /**
   * See {@link io.eventrelay.spi.Storage#append(List, Instant)}: a failure once the events are
   * written (while committing) leaves the outcome unknown.
   */
  public long[] append(List<Event> events, Instant recordedAt) {
    boolean[] committing = {false};
    try {
      return connections.inTransaction(
          "publishing " + events.size() + " events",
          c -> {
            long[] offsets = append(c, events, recordedAt, lockWait);
            committing[0] = true;
            return offsets;
          });
    } catch (RuntimeException e) {
      if (!committing[0]) {
        throw e;
      }
      throw new OutcomeUnknownException(
          "committing " + events.size() + " events failed in flight: " + e.getMessage(), e);
    }
  }

  /**
   * See {@link io.eventrelay.spi.Storage#storedOffsets}: one lookup by the unique {@code (topic,
   * id)} index per event.
   */
  public long[] storedOffsets(List<Event> events) {
    return connections.withConnection(
        "looking up " + events.size() + " events by id",
        c -> {
          long[] offsets = new long[events.size()];
          try (PreparedStatement ps = c.prepareStatement(table.selectOffsetById)) {
            for (int i = 0; i < offsets.length; i++) {
              ps.setString(1, events.get(i).topic());
              dialect.setUuid(ps, 2, events.get(i).id());
              try (ResultSet rs = ps.executeQuery()) {
                offsets[i] = rs.next() ? rs.getLong(1) : 0;
              }
            }
          }
          return offsets;
        });
  }

  /** Appends within the application's transaction on {@code c}; neither commits nor rolls back. */
  public long[] append(Connection c, List<Event> events, Instant recordedAt) throws SQLException {
    return append(c, events, recordedAt, null);
  }

  private long[] append(Connection c, List<Event> events, Instant recordedAt, Duration lockWait)
      throws SQLException {
    // Group the events by topic, keeping their order; append topic by topic, in name order.
    TreeMap<String, List<Integer>> byTopic = new TreeMap<>();
    for (int i = 0; i < events.size(); i++) {
      byTopic.computeIfAbsent(events.get(i).topic(), t -> new ArrayList<>()).add(i);
    }
    long recorded = Micros.of(recordedAt);
    long[] offsets = new long[events.size()];
    for (var entry : byTopic.entrySet()) {
      List<Integer> indexes = entry.getValue();
      List<Event> ofTopic =
          indexes.size() == events.size() ? events : indexes.stream().map(events::get).toList();
      long first = dialect.appendTopic(c, table, rows, entry.getKey(), ofTopic, recorded, lockWait);
      for (int k = 0; k < indexes.size(); k++) {
        offsets[indexes.get(k)] = first + k;
      }
    }
    return offsets;
  }

  /** See {@link io.eventrelay.spi.Storage#read}. */
  public List<Event> read(ReadRequest r, Condition filter) {
    List<Event> page =
        connections.withConnection(
            "reading topic '" + r.topic() + "'",
            c -> {
              if (filter == null) {
                try (PreparedStatement ps = prepareUnfiltered(c, r);
                    ResultSet rs = ps.executeQuery()) {
                  return collect(rs, r);
                }
              }
              try (ResultSet rs = filtered(c, r, filter).fetchResultSet()) {
                return collect(rs, r);
              }
            });
    if (page.isEmpty() && findTopic(r.topic()).isEmpty()) {
      throw new UnknownTopicException(r.topic());
    }
    return page;
  }

  private List<Event> collect(ResultSet rs, ReadRequest r) throws SQLException {
    List<Event> out = new ArrayList<>(Math.min(r.limit(), 1024));
    while (rs.next()) {
      out.add(rows.read(rs, r.topic()));
    }
    return out;
  }

  /** The pre-rendered page query: the hot path of consumers that read everything. */
  private PreparedStatement prepareUnfiltered(Connection c, ReadRequest r) throws SQLException {
    boolean ofIdentifier = r.topicIdentifier() != null;
    PreparedStatement ps =
        c.prepareStatement(ofIdentifier ? table.selectPageOfIdentifier : table.selectPage);
    int i = 1;
    ps.setString(i++, r.topic());
    ps.setLong(i++, r.fromOffset());
    if (ofIdentifier) {
      ps.setString(i++, r.topicIdentifier());
    }
    ps.setInt(i, r.limit());
    return ps;
  }

  private ResultQuery<Record> filtered(Connection c, ReadRequest r, Condition filter) {
    Condition condition =
        r.topicIdentifier() == null
            ? filter
            : filter.and(DSL.field(DSL.name("topic_identifier")).eq(r.topicIdentifier()));
    DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
    return table.page(
        ctx, DSL.val(r.topic()), DSL.val(r.fromOffset()), condition, DSL.val(r.limit()));
  }

  /** See {@link io.eventrelay.spi.Storage#offsetAt}. */
  public long offsetAt(String topic, Instant time) {
    return connections.withConnection(
        "finding the offset of topic '" + topic + "' at " + time,
        c -> {
          DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
          Long first =
              ctx.select(DSL.min(EventTable.E_OFFSET))
                  .from(EventTable.EVENTS)
                  .where(EventTable.E_TOPIC_ID.eq(topicId(ctx, topic)))
                  .and(EventTable.E_RECORDED_AT.ge(Micros.ceil(time)))
                  .fetchOne(0, Long.class);
          return first != null ? first : nextOffset(ctx, topic);
        });
  }

  /** See {@link io.eventrelay.spi.Storage#lastOffset}. */
  public long lastOffset(String topic) {
    return connections.withConnection(
        "reading the last offset of topic '" + topic + "'",
        c -> nextOffset(DSL.using(c, dialect.jooq(), EventTable.SETTINGS), topic) - 1);
  }

  private static long nextOffset(DSLContext ctx, String topic) {
    return ctx.select(EventTable.NEXT_OFFSET)
        .from(EventTable.TOPICS)
        .where(EventTable.TOPIC_NAME.eq(topic))
        .fetchOptional(EventTable.NEXT_OFFSET)
        .orElseThrow(() -> new UnknownTopicException(topic));
  }

  private static long topicId(DSLContext ctx, String topic) {
    return ctx.select(EventTable.TOPIC_ID)
        .from(EventTable.TOPICS)
        .where(EventTable.TOPIC_NAME.eq(topic))
        .fetchOptional(EventTable.TOPIC_ID)
        .orElseThrow(() -> new UnknownTopicException(topic));
  }

  private Optional<TopicRecord> find(Connection c, String name) {
    return DSL.using(c, dialect.jooq(), EventTable.SETTINGS)
        .select(EventTable.TOPIC_NAME, EventTable.CREATED_AT)
        .from(EventTable.TOPICS)
        .where(EventTable.TOPIC_NAME.eq(name))
        .fetchOptional(r -> new TopicRecord(r.value1(), Micros.toInstant(r.value2())));
  }
}
