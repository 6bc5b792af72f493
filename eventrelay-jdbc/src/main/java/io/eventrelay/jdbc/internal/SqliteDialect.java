package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectForUpdateStep;
import org.jooq.impl.DSL;

/**
 * SQLite: JSON and UUIDs as text; the write lock of an immediate transaction serialises migrators.
 */
final class SqliteDialect extends Dialect {
  /** {@code PRAGMA synchronous = NORMAL}'s level; FULL is 2 and EXTRA 3. */
  private static final int NORMAL = 1;

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  @Override
  public SQLDialect jooq() {
    return SQLDialect.SQLITE;
  }

  @Override
  public String migrationsFolder() {
    return "io/eventrelay/jdbc/migrations/sqlite/";
  }

  @Override
  public void lockForMigration(Connection c) throws SQLException {
    // begin() took the database's write lock already; other migrators wait for it (busy_timeout).
  }

  /**
   * Begins with {@code BEGIN IMMEDIATE}, taking the write lock at once: a deferred transaction that
   * reads first could fail to upgrade to a writer (SQLITE_BUSY_SNAPSHOT) without waiting. The
   * connection stays in JDBC auto-commit mode, so the driver never begins a transaction that holds
   * the lock between our transactions, and the application's connections from the same pool keep
   * SQLite's default deferred transactions.
   */
  @Override
  public void begin(Connection c) throws SQLException {
    execute(c, "BEGIN IMMEDIATE");
  }

  /**
   * A claim commits with {@code synchronous = NORMAL} when the connection runs {@code FULL} or
   * {@code EXTRA}: in WAL mode its commit then skips the fsync, which would otherwise hold the one
   * writer's lock. Nothing is lost: an application crash loses no committed transaction in this
   * mode; a claim that a power loss forgets is delivered again (that attempt uncounted); and the
   * next commit that syncs (an ack, a publish) makes every earlier claim durable. SQLite does not
   * allow the change inside a transaction, hence before it, and restored after.
   */
  @Override
  public String relaxClaim(Connection c) throws SQLException {
    int level;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
      level = rs.next() ? rs.getInt(1) : 0;
    }
    if (level <= NORMAL) {
      return null;
    }
    execute(c, "PRAGMA synchronous = " + NORMAL);
    return "PRAGMA synchronous = " + level;
  }

  @Override
  public void commit(Connection c) throws SQLException {
    execute(c, "COMMIT");
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    execute(c, "ROLLBACK");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Also {@code SQLITE_BUSY} and {@code SQLITE_LOCKED} (the driver's vendor code is SQLite's
   * primary result code): another connection held the lock for longer than the busy timeout.
   */
  @Override
  boolean isTransientCause(SQLException e) {
    return super.isTransientCause(e)
        || e.getErrorCode() == SQLITE_BUSY
        || e.getErrorCode() == SQLITE_LOCKED;
  }

  @Override
  boolean isLockWaitCause(SQLException e) {
    return e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
  }

  @Override
  public Field<?> jsonParam(String name) {
    return DSL.param(name);
  }

  @Override
  public Field<?> uuidParam(String name) {
    // SQLite converts nothing: text stays text.
    return DSL.param(name);
  }

  @Override
  public void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
    ps.setString(index, id == null ? null : id.toString());
  }

  @Override
  public UUID getUuid(ResultSet rs, int index) throws SQLException {
    String s = rs.getString(index);
    return s == null ? null : UUID.fromString(s);
  }

  @Override
  public String[] statements(String script) {
    // The SQLite driver runs one statement per call. Scripts keep ';' only at statement ends.
    return Arrays.stream(script.split(";\\s*(\\n|$)"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }

  /** As is: SQLite has no row locks, and {@link #begin} already took the database's write lock. */
  @Override
  public <R extends Record> Select<R> forUpdate(SelectForUpdateStep<R> select) {
    return select;
  }

  /** As is: one writer at a time (see {@link #begin}), so no other claimer holds a row. */
  @Override
  public <R extends Record> Select<R> forUpdateSkipLocked(SelectForUpdateStep<R> select) {
    return select;
  }
}
