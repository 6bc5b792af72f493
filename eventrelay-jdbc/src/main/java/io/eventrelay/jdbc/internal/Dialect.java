package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.jooq.DataType;
import org.jooq.SQLDialect;

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

  /** The SQL type of the data and context columns. */
  public abstract DataType<?> jsonType();

  /** The SQL type of the id columns. */
  public abstract DataType<?> uuidType();

  /** Binds a UUID (or null) as this database stores it. */
  public abstract void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException;

  /** Reads a UUID column. */
  public abstract UUID getUuid(ResultSet rs, int index) throws SQLException;

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

  /** Splits a migration script into statements this database's driver runs one at a time. */
  public abstract String[] statements(String script);

  @Override
  public String toString() {
    return jooq().getName();
  }
}
