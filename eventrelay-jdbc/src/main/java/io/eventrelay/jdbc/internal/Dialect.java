package io.eventrelay.jdbc.internal;

import io.eventrelay.Event;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.spi.Storage.ChangeListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectForUpdateStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Everything that differs between the supported databases, and nothing else: the rest of the
 * storage is written once against this type.
 */
public abstract class Dialect {

  /** PostgreSQL 12 or later. */
  public static final Dialect POSTGRES = new PostgresDialect();

  /** SQLite 3.35 or later. */
  public static final Dialect SQLITE = new SqliteDialect();

  /** jOOQ's name for it. */
  public abstract SQLDialect jooq();

  /** The classpath folder of this dialect's migration scripts. */
  public abstract String migrationsFolder();

  /**
   * Makes concurrent migrators take turns; called first inside the migration transaction. Held
   * until that transaction ends.
   */
  public abstract void lockForMigration(Connection c) throws SQLException;

  /** A bind parameter for a JSON column (data, context), given as JSON text. */
  public abstract Field<?> jsonParam(String name);

  /** A bind parameter for a UUID column, given as {@link #setUuid} binds it. */
  public abstract Field<?> uuidParam(String name);

  /** Binds a UUID (or null) as this database stores it. */
  public abstract void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException;

  /** Reads a UUID column. */
  public abstract UUID getUuid(ResultSet rs, int index) throws SQLException;

  /**
   * Whether {@code e} says that the database or the connection to it failed rather than the work,
   * so that the same work may succeed later ({@link io.eventrelay.StorageException#isTransient()}).
   * True when {@code e} or an exception it was caused by {@link #isTransientCause says so}.
   */
  public final boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && isTransientCause(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether this one exception (not its causes) says the database or the connection failed. Here: a
   * connection exception (SQLState class 08), {@link SQLTransientConnectionException} (as a pool
   * throws when no connection is free within its timeout) and {@link SQLRecoverableException}.
   * Constraint violations, malformed statements and the like are not transient.
   */
  boolean isTransientCause(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && state.startsWith("08"));
  }

  /**
   * Whether {@code e} (or a cause) says a statement gave up waiting for a lock that another
   * transaction held for longer than the busy timeout. Lock waits are also {@linkplain #isTransient
   * transient}: the same work may succeed once the lock is free.
   */
  public final boolean isLockWait(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && isLockWaitCause(s)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this one exception (not its causes) is a lock wait that timed out; see above. */
  abstract boolean isLockWaitCause(SQLException e);

  /** Begins a transaction for the storage's own work. */
  public void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
  }

  /** Commits what {@link #begin} started, leaving the connection in auto-commit mode. */
  public void commit(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  /** Rolls back what {@link #begin} started, leaving the connection in auto-commit mode. */
  public void rollback(Connection c) throws SQLException {
    try {
      c.rollback();
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Takes the next offsets of {@code topic} for {@code events} and inserts them, in the transaction
   * of {@code c}, announcing the change to other processes where the database can (PostgreSQL:
   * NOTIFY, delivered at commit). This is the only way events are written. The topic row stays
   * locked until the transaction ends, so offsets are handed out in commit order.
   *
   * <p>In the storage's own transactions, waiting for the topic row's lock is bounded by {@code
   * lockWait} where the database has no other bound (SQLite's busy timeout bounds it there): an
   * application transaction that published to the topic and stays open cannot make the relay wait
   * forever. In the application's transaction ({@code lockWait} null), its own settings apply.
   *
   * @return the first offset taken; the events get consecutive offsets from it, in list order
   * @throws io.eventrelay.UnknownTopicException if the topic does not exist
   */
  long appendTopic(
      Connection c,
      EventTable table,
      EventRows rows,
      String topic,
      List<Event> events,
      long recordedAt,
      Duration lockWait)
      throws SQLException {
    long topicId;
    long first;
    try (PreparedStatement ps = c.prepareStatement(table.takeOffsets)) {
      ps.setLong(1, events.size());
      ps.setString(2, topic);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new UnknownTopicException(topic);
        }
        topicId = rs.getLong(1);
        first = rs.getLong(2) - events.size();
      }
    }
    insert(c, table, rows, topicId, first, events, recordedAt);
    return first;
  }

  /**
   * Inserts {@code events} at offsets from {@code first}: {@link EventTable#INSERT_ROWS} to a
   * statement, then the rest as one JDBC batch.
   */
  private static void insert(
      Connection c,
      EventTable table,
      EventRows rows,
      long topicId,
      long first,
      List<Event> events,
      long recordedAt)
      throws SQLException {
    int n = events.size();
    int chunked = n - n % EventTable.INSERT_ROWS;
    if (chunked > 0) {
      try (PreparedStatement insert = c.prepareStatement(table.insertEvents)) {
        int columns = EventTable.EVENT_COLUMNS.size();
        for (int from = 0; from < chunked; from += EventTable.INSERT_ROWS) {
          for (int j = 0; j < EventTable.INSERT_ROWS; j++) {
            rows.bind(
                insert, j * columns, topicId, first + from + j, events.get(from + j), recordedAt);
          }
          insert.executeUpdate();
        }
      }
    }
    if (chunked < n) {
      try (PreparedStatement insert = c.prepareStatement(table.insertEvent)) {
        for (int i = chunked; i < n; i++) {
          rows.bind(insert, 0, topicId, first + i, events.get(i), recordedAt);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** Splits a migration script into statements this database's driver runs one at a time. */
  public abstract String[] statements(String script);

  /**
   * {@code select}, locking the rows it reads until the transaction ends ({@code FOR UPDATE}), so
   * that concurrent transactions on them take turns. Worker queues lock a queue's row with it.
   */
  public abstract <R extends Record> Select<R> forUpdate(SelectForUpdateStep<R> select);

  /**
   * {@code select}, locking the rows it reads and skipping rows that other transactions have locked
   * ({@code FOR UPDATE SKIP LOCKED}), so that concurrent claimers take different rows.
   */
  public abstract <R extends Record> Select<R> forUpdateSkipLocked(SelectForUpdateStep<R> select);

  /**
   * What identifies a row of the table that {@code key} (its key column after {@code queue_id})
   * belongs to, for a claim's UPDATE to find the rows its pick locked: the key column itself here,
   * qualified with {@code alias} unless that is null.
   */
  public Field<Object> rowId(String alias, Field<?> key) {
    return alias == null
        ? DSL.field(DSL.name(key.getName()))
        : DSL.field(DSL.name(alias, key.getName()));
  }

  /** Whether {@link #rowId} is the key column, so that {@link #isPicked} also matches the queue. */
  public boolean picksByKey() {
    return true;
  }

  /**
   * The condition that the row is one of those {@code pick} selects, by its {@link #rowId}, with
   * {@code pick} run exactly once: a claim must never lease more rows than its limit. Here the key
   * is {@code (queue, rowId)}; the queue is a bind parameter before those of {@code pick}.
   */
  public Condition isPicked(Field<Long> queue, Field<Object> rowId, Select<Record1<Object>> pick) {
    return queue.eq(DSL.param("queue", SQLDataType.BIGINT)).and(rowId.in(pick));
  }

  /**
   * Prepares a transaction whose statements must find their rows by key (a claim, a batch of token
   * changes), before its first statement; nothing here.
   */
  public void preferIndexes(Connection c) throws SQLException {}

  /**
   * Prepares the connection for a claim's transaction before it begins, where its commit can skip
   * waiting for the disk only by a connection setting; nothing here.
   *
   * @return the statement that restores the connection after the transaction, or null
   */
  public String relaxClaim(Connection c) throws SQLException {
    return null;
  }

  /** Prepares a claim's transaction, before its first statement: {@link #preferIndexes} here. */
  public void beginClaim(Connection c) throws SQLException {
    preferIndexes(c);
  }

  /**
   * Whether statements may bind SQL arrays and {@code unnest} them, so that a batch of token
   * changes is one statement ({@link TokenChanges}).
   */
  public boolean bindsArrays() {
    return false;
  }

  /**
   * Whether a {@code WITH} clause may hold an {@code UPDATE … RETURNING}, so that a claim leases
   * and reads its events in one statement.
   */
  public boolean updatesInWith() {
    return false;
  }

  /**
   * Starts telling {@code listener} about the commits that {@link #appendTopic} announces, on a
   * connection of its own from {@code connect}. Returns {@link NotifyWatcher#NONE} here, for a
   * database that cannot notify.
   */
  public NotifyWatcher watchChanges(Callable<Connection> connect, ChangeListener listener) {
    return NotifyWatcher.NONE;
  }

  @Override
  public String toString() {
    return jooq().getName();
  }
}
