package io.eventrelay.jdbc.contract;

import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.JdbcStorageBuilder;
import io.eventrelay.jdbc.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One database that several storages, relays and processes open at once: a SQLite file (an
 * in-memory database is private to its storage) or a fresh PostgreSQL schema.
 *
 * @param kind which database
 * @param location the SQLite file's path, or the PostgreSQL URL naming the schema
 */
record Database(Kind kind, String location) {

  /** The supported databases. */
  enum Kind {
    SQLITE,
    POSTGRES
  }

  /** A new SQLite database in {@code file}, which must not exist yet. */
  static Database sqliteFile(Path file) {
    return new Database(Kind.SQLITE, file.toAbsolutePath().toString());
  }

  /** A new, empty PostgreSQL schema; skips the test when PostgreSQL is unreachable. */
  static Database freshPostgres() {
    return new Database(Kind.POSTGRES, TestDatabases.freshPostgresSchemaUrl());
  }

  /** A storage builder pointed at this database, with every other setting at its default. */
  JdbcStorageBuilder storageBuilder() {
    return kind == Kind.SQLITE
        ? JdbcStorage.builder().sqlite(Path.of(location))
        : JdbcStorage.builder().postgres(location);
  }

  /** A new storage on this database. */
  JdbcStorage open() {
    return storageBuilder().build();
  }

  /** A plain JDBC connection, outside any storage, to inspect the database. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(kind == Kind.SQLITE ? "jdbc:sqlite:" + location : location);
  }

  /** How many tables of this database (the schema, on PostgreSQL) have a name starting so. */
  int countTables(String namePrefix) throws SQLException {
    String sql =
        kind == Kind.SQLITE
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE ?"
            : "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name LIKE ?";
    try (Connection c = connect();
        var ps = c.prepareStatement(sql)) {
      ps.setString(1, namePrefix + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The versions recorded in the schema-version table, in order, duplicates included. */
  List<Integer> schemaVersions() throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT version FROM eventrelay_schema_version ORDER BY version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  /** Runs one statement on a plain connection. */
  void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The command-line form that {@link #fromArgs} reads back, for a child process. */
  List<String> toArgs() {
    return List.of(kind.name(), location);
  }

  static Database fromArgs(String[] args) {
    return new Database(Kind.valueOf(args[0]), args[1]);
  }
}
