package io.eventrelay.jdbc.internal;

import io.eventrelay.Event;
import io.eventrelay.spi.Storage.ChangeListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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

/** PostgreSQL: jsonb and uuid columns, an advisory lock around migrations. */
final class PostgresDialect extends Dialect {
  private static final String PREFER_INDEXES =
      "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off;"
          + " SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off";

  /** The lock timeout ran out ({@code lock_not_available}). */
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private static final Set<String> TRANSIENT_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", LOCK_NOT_AVAILABLE);

  /** An arbitrary constant naming EventRelay's migration lock (with the schema, below). */
  private static final long MIGRATION_LOCK = 0x4576_5265_6c61_7901L;

  @Override
  public SQLDialect jooq() {
    return SQLDialect.POSTGRES;
  }

  @Override
  public String migrationsFolder() {
    return "io/eventrelay/jdbc/migrations/postgres/";
  }

  @Override
  public void lockForMigration(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // One lock per schema, so that relays in different schemas of one database never wait.
      s.execute(
          "SELECT pg_advisory_xact_lock("
              + MIGRATION_LOCK
              + " # hashtext(current_schema())::bigint)");
    }
  }

  /**
   * Also the server's refusals and shutdowns: {@code 57P01} (terminated by an administrator, as
   * {@code pg_terminate_backend} does, or a fast shutdown), {@code 57P02} (crash of another
   * backend), {@code 57P03} (cannot connect now: starting up or shutting down) and {@code 53300}
   * (too many connections).
   */
  @Override
  boolean isTransientCause(SQLException e) {
    return super.isTransientCause(e) || TRANSIENT_STATES.contains(String.valueOf(e.getSQLState()));
  }

  @Override
  boolean isLockWaitCause(SQLException e) {
    return LOCK_NOT_AVAILABLE.equals(e.getSQLState());
  }

  @Override
  public Field<?> jsonParam(String name) {
    return DSL.cast(DSL.param(name), SQLDataType.JSONB);
  }

  @Override
  public Field<?> uuidParam(String name) {
    return DSL.cast(DSL.param(name), SQLDataType.UUID);
  }

  @Override
  public void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
    if (id == null) {
      ps.setNull(index, Types.OTHER);
    } else {
      ps.setObject(index, id);
    }
  }

  @Override
  public UUID getUuid(ResultSet rs, int index) throws SQLException {
    return rs.getObject(index, UUID.class);
  }

  @Override
  public String[] statements(String script) {
    // The PostgreSQL driver runs a multi-statement script, dollar-quoted bodies included.
    return new String[] {script};
  }

  @Override
  public <R extends Record> Select<R> forUpdate(SelectForUpdateStep<R> select) {
    return select.forUpdate();
  }

  @Override
  public <R extends Record> Select<R> forUpdateSkipLocked(SelectForUpdateStep<R> select) {
    return select.forUpdate().skipLocked();
  }

  /**
   * The row's {@code ctid}: the UPDATE then fetches the locked rows by their physical address (a
   * TID scan), a plan that does not depend on statistics, which are often stale for a queue whose
   * table swings between empty and large. The pick locked the rows, so their addresses cannot
   * change before the UPDATE.
   */
  @Override
  public Field<Object> rowId(String alias, Field<?> key) {
    return alias == null ? DSL.field(DSL.name("ctid")) : DSL.field(DSL.name(alias, "ctid"));
  }

  /**
   * {@code = ANY(ARRAY(pick))}: PostgreSQL may plan {@code IN (pick)} as a nested-loop semi-join
   * that re-runs a {@code LIMIT … FOR UPDATE SKIP LOCKED} subquery per outer row (it did when the
   * statistics said the deliveries table was empty), leasing far more rows than the limit. An array
   * subquery is evaluated once.
   */
  @Override
  public boolean picksByKey() {
    return false;
  }

  /** By {@code ctid} alone (see {@link #rowId}): a condition on the queue would invite an index. */
  @Override
  public Condition isPicked(Field<Long> queue, Field<Object> rowId, Select<Record1<Object>> pick) {
    return DSL.condition("{0} = ANY(ARRAY({1}))", rowId, pick);
  }

  /**
   * Steers a claim's or token batch's plans to index and key lookups, whatever the statistics say:
   * a queue's tables swing between empty and large within seconds, long before autovacuum analyses
   * them, and plans made for an empty table (sequential or bitmap scans, sorts, hash joins) then
   * read every row of the queue for each claim. Every such statement has an index path, so these
   * settings only rule out the plans that grow with the backlog; they end with the transaction.
   */
  @Override
  public void preferIndexes(Connection c) throws SQLException {
    execute(c, PREFER_INDEXES);
  }

  /**
   * {@link #preferIndexes}, and the claim's commit does not wait for its WAL record to reach disk
   * ({@code synchronous_commit = off}), which takes the flush out of the time a scanning claim
   * holds its queue's row. Nothing is lost: a claim that a server crash forgets had its jobs
   * delivered at least once and delivers them again (that attempt uncounted); and the first ack,
   * nack or publish committed after the claim flushes the WAL, the claim's record included.
   */
  @Override
  public void beginClaim(Connection c) throws SQLException {
    execute(c, PREFER_INDEXES + "; SET LOCAL synchronous_commit = off");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public boolean bindsArrays() {
    return true;
  }

  @Override
  public boolean updatesInWith() {
    return true;
  }

  @Override
  long appendTopic(
      Connection c,
      EventTable table,
      EventRows rows,
      String topic,
      List<Event> events,
      long recordedAt,
      Duration lockWait)
      throws SQLException {
    return PostgresAppend.append(c, topic, events, recordedAt, lockWait);
  }

  @Override
  public NotifyWatcher watchChanges(Callable<Connection> connect, ChangeListener listener) {
    return PgNotifyWatcher.start(connect, listener);
  }
}
