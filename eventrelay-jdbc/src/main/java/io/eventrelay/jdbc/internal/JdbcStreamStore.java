package io.eventrelay.jdbc.internal;

import static io.eventrelay.jdbc.internal.Statements.render;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import io.eventrelay.UnknownTopicException;
import io.eventrelay.spi.StreamRecord;
import io.eventrelay.spi.StreamStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Stream subscriptions in {@code eventrelay_streams}: one row per (topic, name) with the cursor and
 * the lease. Every lease and cursor change is a single conditional {@code UPDATE}, so it is atomic
 * across relays and processes; statements are rendered once by jOOQ and run through JDBC, every
 * value a bind parameter. A row is found by topic name through the topics table.
 */
public final class JdbcStreamStore implements StreamStorage {
  static final Table<?> STREAMS = table(name("eventrelay_streams"));
  static final Field<Long> S_TOPIC_ID = field(name("topic_id"), SQLDataType.BIGINT);
  private static final Field<String> S_NAME = field(name("name"), SQLDataType.VARCHAR);
  private static final Field<String> S_FILTER = field(name("filter"), SQLDataType.VARCHAR);
  private static final Field<Long> S_COMMITTED = field(name("committed"), SQLDataType.BIGINT);
  private static final Field<String> S_OWNER = field(name("owner"), SQLDataType.VARCHAR);
  private static final Field<Long> S_LEASE_UNTIL = field(name("lease_until"), SQLDataType.BIGINT);
  private static final Field<Long> S_CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);

  private final Dialect dialect;
  private final Connections connections;
  private final String lockTopic;
  private final String insert;
  private final String select;
  private final String acquire;
  private final String renew;
  private final String commit;
  private final String seek;
  private final String release;
  private final String delete;

  /** A store on {@code connections}, whose schema is already migrated. */
  public JdbcStreamStore(Dialect dialect, Connections connections) {
    this.dialect = dialect;
    this.connections = connections;
    DSLContext ctx = DSL.using(dialect.jooq(), EventTable.SETTINGS);
    Field<String> owner = param("owner", SQLDataType.VARCHAR);
    Field<Long> until = param("until", SQLDataType.BIGINT);
    // Binds: topic, name.
    Condition row =
        S_TOPIC_ID
            .eq(
                DSL.select(EventTable.TOPIC_ID)
                    .from(EventTable.TOPICS)
                    .where(EventTable.TOPIC_NAME.eq(param("topic", SQLDataType.VARCHAR))))
            .and(S_NAME.eq(param("name", SQLDataType.VARCHAR)));
    // Locks the topic row, as deleteTopic does, so that a topic cannot go while we add to it.
    lockTopic =
        render(
            ctx.update(EventTable.TOPICS)
                .set(EventTable.NEXT_OFFSET, EventTable.NEXT_OFFSET)
                .where(EventTable.TOPIC_NAME.eq(param("topic", SQLDataType.VARCHAR)))
                .returning(EventTable.TOPIC_ID));
    insert =
        render(
            ctx.insertInto(STREAMS)
                .columns(S_TOPIC_ID, S_NAME, S_FILTER, S_COMMITTED, S_CREATED_AT)
                .values(
                    param("topicId", SQLDataType.BIGINT),
                    param("name", SQLDataType.VARCHAR),
                    param("filter", SQLDataType.VARCHAR),
                    param("committed", SQLDataType.BIGINT),
                    param("createdAt", SQLDataType.BIGINT))
                .onConflict(S_TOPIC_ID, S_NAME)
                .doNothing());
    select =
        render(
            ctx.select(S_FILTER, S_COMMITTED, S_OWNER, S_LEASE_UNTIL, S_CREATED_AT)
                .from(STREAMS)
                .where(row));
    // Binds: owner, until, topic, name, owner, now.
    acquire =
        render(
            ctx.update(STREAMS)
                .set(S_OWNER, owner)
                .set(S_LEASE_UNTIL, until)
                .where(row)
                .and(
                    S_OWNER
                        .eq(owner)
                        .or(S_OWNER.isNull())
                        .or(S_LEASE_UNTIL.lt(param("now", SQLDataType.BIGINT))))
                .returning(S_COMMITTED));
    // Binds: until, topic, name, owner.
    renew = render(ctx.update(STREAMS).set(S_LEASE_UNTIL, until).where(row).and(S_OWNER.eq(owner)));
    // Binds: to, until, topic, name, owner, from.
    commit =
        render(
            ctx.update(STREAMS)
                .set(S_COMMITTED, param("to", SQLDataType.BIGINT))
                .set(S_LEASE_UNTIL, until)
                .where(row)
                .and(S_OWNER.eq(owner))
                .and(S_COMMITTED.eq(param("from", SQLDataType.BIGINT))));
    // Binds: to, until, topic, name, owner.
    seek =
        render(
            ctx.update(STREAMS)
                .set(S_COMMITTED, param("to", SQLDataType.BIGINT))
                .set(S_LEASE_UNTIL, until)
                .where(row)
                .and(S_OWNER.eq(owner)));
    // Binds: topic, name, owner.
    release =
        render(
            ctx.update(STREAMS)
                .set(S_OWNER, DSL.inline(null, S_OWNER))
                .set(S_LEASE_UNTIL, DSL.inline(null, S_LEASE_UNTIL))
                .where(row)
                .and(S_OWNER.eq(owner)));
    // Binds: topic, name.
    delete = render(ctx.deleteFrom(STREAMS).where(row));
  }

  @Override
  public StreamRecord open(String topic, String name, String filter, long committed, Instant now) {
    return connections.inTransaction(
        "opening " + describe(topic, name),
        c -> {
          long topicId;
          try (PreparedStatement ps = c.prepareStatement(lockTopic)) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new UnknownTopicException(topic);
              }
              topicId = rs.getLong(1);
            }
          }
          try (PreparedStatement ps = c.prepareStatement(insert)) {
            Statements.bind(ps, topicId, name, filter, committed, Micros.of(now));
            ps.executeUpdate();
          }
          return find(c, topic, name).orElseThrow();
        });
  }

  @Override
  public Optional<StreamRecord> find(String topic, String name) {
    return connections.withConnection(
        "reading " + describe(topic, name), c -> find(c, topic, name));
  }

  private Optional<StreamRecord> find(Connection c, String topic, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(select)) {
      Statements.bind(ps, topic, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long leaseUntil = rs.getLong(4);
        boolean leased = !rs.wasNull();
        return Optional.of(
            new StreamRecord(
                topic,
                name,
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                leased ? Micros.toInstant(leaseUntil) : null,
                Micros.toInstant(rs.getLong(5))));
      }
    }
  }

  @Override
  public OptionalLong acquire(String topic, String name, String owner, Instant now, Instant until) {
    return connections.inTransaction(
        "taking the lease of " + describe(topic, name),
        c -> {
          try (PreparedStatement ps = c.prepareStatement(acquire)) {
            Statements.bind(ps, owner, Micros.of(until), topic, name, owner, Micros.of(now));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
          }
        });
  }

  @Override
  public boolean renew(String topic, String name, String owner, Instant until) {
    return update(
        "renewing the lease of", topic, name, renew, Micros.of(until), topic, name, owner);
  }

  @Override
  public boolean commit(
      String topic, String name, String owner, long from, long to, Instant until) {
    return update(
        "committing the cursor of",
        topic,
        name,
        commit,
        to,
        Micros.of(until),
        topic,
        name,
        owner,
        from);
  }

  @Override
  public boolean commit(
      Connection connection,
      String topic,
      String name,
      String owner,
      long from,
      long to,
      Instant until) {
    try {
      return execute(connection, commit, to, Micros.of(until), topic, name, owner, from);
    } catch (SQLException e) {
      throw SqlErrors.wrap(
          dialect,
          "committing the cursor of " + describe(topic, name) + " in the caller's transaction",
          e);
    } catch (RuntimeException e) {
      throw SqlErrors.wrap(
          dialect,
          "committing the cursor of " + describe(topic, name) + " in the caller's transaction",
          e);
    }
  }

  @Override
  public boolean seek(String topic, String name, String owner, long to, Instant until) {
    return update(
        "moving the cursor of", topic, name, seek, to, Micros.of(until), topic, name, owner);
  }

  @Override
  public void release(String topic, String name, String owner) {
    update("releasing the lease of", topic, name, release, topic, name, owner);
  }

  @Override
  public boolean delete(String topic, String name) {
    return update("deleting", topic, name, delete, topic, name);
  }

  /**
   * Runs {@code sql} with {@code values} on the subscription's row.
   *
   * @param doing what it does to the subscription, for messages: "deleting"
   */
  private boolean update(String doing, String topic, String name, String sql, Object... values) {
    return connections.inTransaction(
        doing + " " + describe(topic, name), c -> execute(c, sql, values));
  }

  private static String describe(String topic, String name) {
    return "subscription '" + name + "' of topic '" + topic + "'";
  }

  private static boolean execute(Connection c, String sql, Object... values) throws SQLException {
    return Statements.update(c, sql, values) == 1;
  }
}
