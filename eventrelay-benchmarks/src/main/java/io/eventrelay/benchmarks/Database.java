package io.eventrelay.benchmarks;

import io.eventrelay.jdbc.JdbcStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * One backend under test: a fresh, private database (a SQLite file in a temporary directory, or a
 * new PostgreSQL schema) that holds both the relay's tables and the raw baseline's copy of its
 * events table, and that is removed on {@link #close()}.
 *
 * <p>The benchmark knows the relay's table names (from the migrations in eventrelay-jdbc) for two
 * things only: to clone the events table for the baseline, and to empty both tables between runs so
 * that every timed run starts from the same fresh state.
 */
abstract class Database implements AutoCloseable {
  /** The relay's events table, as created by its migrations. */
  static final String RELAY_TABLE = "eventrelay_events";

  /** The baseline's table: the same columns, types, primary key and index. */
  static final String RAW_TABLE = "bench_raw_events";

  /** A short name for the result table: {@code sqlite} or {@code postgres}. */
  abstract String name();

  /** A new connection for the raw baselines, with the same settings the relay uses. */
  abstract Connection connect() throws SQLException;

  /** A new relay storage on this database. */
  abstract JdbcStorage storage();

  /**
   * Creates {@link #RAW_TABLE} as a copy of the relay's events table as its migrations left it:
   * columns, types, primary key and indexes (not triggers, which are the relay's own cost).
   */
  abstract void cloneEventsTable(Connection c) throws SQLException;

  /** Empties both events tables and flushes the log, so that the next run starts fresh. */
  abstract void reset(Connection c) throws SQLException;

  /** Brings both freshly written tables into the same steady state before they are read. */
  abstract void prepareForReads(Connection c) throws SQLException;

  /**
   * Brings the database to the same settled state before every queue run: on PostgreSQL, vacuums
   * and analyses {@code tables} (which the previous run churned) and checkpoints, when allowed; on
   * SQLite, checkpoints and truncates the write-ahead log.
   */
  abstract void settle(Connection c, String... tables) throws SQLException;

  /** The SQL placeholder for a JSON parameter bound as text. */
  abstract String jsonParameter();

  /** Binds a UUID (or SQL NULL) the way the column type wants it. */
  abstract void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException;

  /** Reads a UUID column, or {@code null}. */
  abstract UUID getUuid(ResultSet rs, int index) throws SQLException;

  /** Whether the raw COPY baseline applies. */
  abstract boolean supportsCopy();

  /** Removes the database. */
  @Override
  public abstract void close();
}
