package io.eventrelay.benchmarks;

import io.eventrelay.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A SQLite file in a new temporary directory, deleted on close. The raw connection uses the
 * settings the relay's storage uses by default (WAL journal, {@code synchronous=FULL}, a busy
 * timeout) and plain JDBC transactions ({@code setAutoCommit(false)}, {@code commit()}).
 */
final class SqliteDatabase extends Database {
  private final Path dir;
  private final Path file;

  private SqliteDatabase(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("bench.db");
  }

  /** A new, empty database file in a temporary directory. */
  static SqliteDatabase create() {
    try {
      return new SqliteDatabase(Files.createTempDirectory("eventrelay-bench-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  String name() {
    return "sqlite";
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:sqlite:"
            + file.toAbsolutePath()
            + "?journal_mode=WAL&synchronous=FULL&busy_timeout=30000");
  }

  @Override
  JdbcStorage storage() {
    return JdbcStorage.sqlite(file);
  }

  @Override
  void cloneEventsTable(Connection c) throws SQLException {
    List<String> ddl = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('table', 'index')"
                + " AND sql IS NOT NULL"
                + " ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, name")) {
      ps.setString(1, RELAY_TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ddl.add(rs.getString(1).replace(RELAY_TABLE, RAW_TABLE));
        }
      }
    }
    if (ddl.isEmpty()) {
      throw new SQLException("the relay's table " + RELAY_TABLE + " does not exist");
    }
    try (Statement s = c.createStatement()) {
      for (String sql : ddl) {
        s.execute(sql);
      }
    }
  }

  @Override
  void reset(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + RELAY_TABLE);
      s.execute("DELETE FROM " + RAW_TABLE);
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  @Override
  void prepareForReads(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // Rewrites the file with each table's pages in order. Without it, the table written first
      // after a reset reuses the freed pages in scattered order and the one written second grows
      // the file contiguously, and reads measure that layout rather than the code.
      s.execute("VACUUM");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  @Override
  void settle(Connection c, String... tables) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  @Override
  String jsonParameter() {
    return "?";
  }

  @Override
  void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value.toString());
    }
  }

  @Override
  UUID getUuid(ResultSet rs, int index) throws SQLException {
    String s = rs.getString(index);
    return s == null ? null : UUID.fromString(s);
  }

  @Override
  boolean supportsCopy() {
    return false;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
