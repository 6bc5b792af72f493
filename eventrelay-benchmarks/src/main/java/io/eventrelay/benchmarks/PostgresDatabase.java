package io.eventrelay.benchmarks;

import io.eventrelay.jdbc.JdbcStorage;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new schema in a PostgreSQL database, dropped on close. The relay and the raw baselines use the
 * same URL: {@code currentSchema} set to that schema, and {@code reWriteBatchedInserts=true}.
 */
final class PostgresDatabase extends Database {
  private static final Pattern DATABASE_IN_URL =
      Pattern.compile("(jdbc:postgresql://[^/]+/)([a-z_][a-z0-9_]*)(\\?.*)?");

  private final String baseUrl;
  private final String schema;
  private final String url;

  private PostgresDatabase(String baseUrl, String schema) {
    this.baseUrl = baseUrl;
    this.schema = schema;
    String sep = baseUrl.contains("?") ? "&" : "?";
    this.url = baseUrl + sep + "reWriteBatchedInserts=true&currentSchema=" + schema;
  }

  /**
   * A fresh schema, or null when PostgreSQL cannot be reached: then one line says so, printed to
   * {@code out} and noted under {@code table}.
   */
  static PostgresDatabase createOrSkip(String baseUrl, ResultTable table, PrintStream out) {
    try {
      return create(baseUrl);
    } catch (SQLException e) {
      String line =
          "postgres: skipped: PostgreSQL is not reachable at "
              + baseUrl
              + " ("
              + e.getMessage()
              + ")";
      out.println(line);
      table.note(line);
      return null;
    }
  }

  /**
   * Creates a fresh schema in the database at {@code baseUrl}.
   *
   * @throws SQLException if PostgreSQL cannot be reached or the schema cannot be created
   */
  static PostgresDatabase create(String baseUrl) throws SQLException {
    String schema = "er_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    DriverManager.setLoginTimeout(5);
    createDatabaseIfMissing(baseUrl);
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return new PostgresDatabase(baseUrl, schema);
  }

  /**
   * Creates the benchmark's own database, named in {@code baseUrl}, through the server's {@code
   * postgres} database when it does not exist yet; another run creating it at once is fine.
   */
  private static void createDatabaseIfMissing(String baseUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl)) {
      return;
    } catch (SQLException e) {
      if (!"3D000".equals(e.getSQLState())) { // invalid_catalog_name: no such database
        throw e;
      }
    }
    Matcher url = DATABASE_IN_URL.matcher(baseUrl);
    if (!url.matches()) {
      throw new SQLException("cannot tell the database name in " + baseUrl);
    }
    try (Connection c =
            DriverManager.getConnection(
                url.group(1) + "postgres" + (url.group(3) == null ? "" : url.group(3)));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + url.group(2));
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
        throw e; // not "already exists" (42P04, or 23505 when two runs race)
      }
    }
  }

  @Override
  String name() {
    return "postgres";
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  JdbcStorage storage() {
    return JdbcStorage.postgres(url);
  }

  @Override
  void cloneEventsTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + RAW_TABLE + " (LIKE " + RELAY_TABLE + " INCLUDING ALL)");
    }
  }

  @Override
  void reset(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + RELAY_TABLE + ", " + RAW_TABLE);
      checkpoint(s);
    }
  }

  @Override
  void prepareForReads(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // Sets hint bits and visibility on both tables and gives the planner fresh statistics, as
      // autovacuum would in a while; then flushes, so neither side's reads pay for the writes.
      s.execute("VACUUM ANALYZE " + RELAY_TABLE);
      s.execute("VACUUM ANALYZE " + RAW_TABLE);
      checkpoint(s);
    }
  }

  @Override
  void settle(Connection c, String... tables) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String table : tables) {
        s.execute("VACUUM ANALYZE " + table);
      }
      checkpoint(s);
    }
  }

  private static void checkpoint(Statement s) {
    try {
      s.execute("CHECKPOINT");
    } catch (SQLException notAllowed) {
      // Needs superuser or pg_checkpoint; without it, runs are merely a little noisier.
    }
  }

  @Override
  String jsonParameter() {
    return "CAST(? AS jsonb)";
  }

  @Override
  void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.OTHER);
    } else {
      ps.setObject(index, value);
    }
  }

  @Override
  UUID getUuid(ResultSet rs, int index) throws SQLException {
    return rs.getObject(index, UUID.class);
  }

  @Override
  boolean supportsCopy() {
    return true;
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }
}
