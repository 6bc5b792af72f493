package io.eventrelay.jdbc.internal;

import io.eventrelay.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts shipped in this jar ({@code V<n>__<what>.sql}, listed in order
 * in the dialect folder's {@code index.txt}) and records each in {@code eventrelay_schema_version}.
 * Runs in one transaction under the dialect's migration lock, so that relays starting at once apply
 * each script exactly once.
 */
public final class Migrator {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
  private static final String VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS eventrelay_schema_version ("
          + " version INTEGER PRIMARY KEY,"
          + " description TEXT NOT NULL,"
          + " installed_at BIGINT NOT NULL)";

  private final Dialect dialect;
  private final List<Script> scripts;

  /** Reads the dialect's scripts from the classpath. */
  public Migrator(Dialect dialect) {
    this.dialect = dialect;
    this.scripts = load(dialect);
  }

  /** The schema version this library needs. */
  public int latestVersion() {
    return scripts.get(scripts.size() - 1).version;
  }

  /**
   * Brings the schema up to {@link #latestVersion()}.
   *
   * @param announce whether to log applied scripts at INFO (at DEBUG otherwise, as for the
   *     throwaway in-memory databases of tests)
   * @throws StorageException if the schema is newer than this library knows (a later EventRelay
   *     migrated it), changing nothing
   */
  public void migrate(Connections connections, Clock clock, boolean announce) {
    connections.inTransaction(
        "migrating the EventRelay schema",
        c -> {
          dialect.lockForMigration(c);
          try (Statement s = c.createStatement()) {
            s.execute(VERSION_TABLE);
          }
          int current = currentVersion(c);
          refuseNewer(current);
          for (Script script : scripts) {
            if (script.version > current) {
              apply(c, script, clock, announce);
            }
          }
          return null;
        });
  }

  /**
   * Checks, without changing anything, that the schema is at {@link #latestVersion()}.
   *
   * @throws StorageException saying which version was found and how to fix it: migrate an older
   *     schema, upgrade EventRelay for a newer one
   */
  public void verify(Connections connections) {
    int current =
        connections.withConnection(
            "checking the EventRelay schema version",
            c -> {
              try (ResultSet rs =
                  c.getMetaData()
                      .getTables(null, c.getSchema(), "eventrelay_schema_version", null)) {
                return rs.next() ? currentVersion(c) : 0;
              }
            });
    refuseNewer(current);
    if (current != latestVersion()) {
      throw new StorageException(
          "the EventRelay schema is at version "
              + current
              + " but this library needs version "
              + latestVersion()
              + "; start once with migrations on (JdbcStorage.Builder.migrate(true)),"
              + " or apply the scripts in "
              + dialect.migrationsFolder());
    }
  }

  /**
   * A schema that a later EventRelay migrated may hold data this library would misread or damage,
   * and its scripts are not ours to run again.
   */
  private void refuseNewer(int current) {
    if (current > latestVersion()) {
      throw new StorageException(
          "the database schema is at version "
              + current
              + " but this EventRelay supports up to "
              + latestVersion()
              + "; upgrade EventRelay");
    }
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM eventrelay_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void apply(Connection c, Script script, Clock clock, boolean announce)
      throws SQLException {
    if (announce) {
      LOG.info(
          "applying EventRelay migration V{} ({}) on {}", script.version, script.name, dialect);
    } else {
      LOG.debug(
          "applying EventRelay migration V{} ({}) on {}", script.version, script.name, dialect);
    }
    try (Statement s = c.createStatement()) {
      for (String sql : dialect.statements(script.sql)) {
        s.execute(sql);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO eventrelay_schema_version (version, description, installed_at)"
                + " VALUES (?, ?, ?)")) {
      ps.setInt(1, script.version);
      ps.setString(2, script.name);
      ps.setLong(3, Micros.of(clock.instant()));
      ps.executeUpdate();
    }
  }

  private static List<Script> load(Dialect dialect) {
    List<Script> out = new ArrayList<>();
    for (String file : resource(dialect.migrationsFolder() + "index.txt").split("\\R")) {
      if (file.isBlank()) {
        continue;
      }
      Matcher m = NAME.matcher(file.strip());
      if (!m.matches()) {
        throw new IllegalStateException("bad migration name in index.txt: " + file);
      }
      int version = Integer.parseInt(m.group(1));
      if (version != out.size() + 1) {
        throw new IllegalStateException("migration " + file + " is out of sequence");
      }
      String sql =
          resource(dialect.migrationsFolder() + file.strip())
              .lines()
              .filter(line -> !line.strip().startsWith("--"))
              .collect(Collectors.joining("\n"));
      out.add(new Script(version, m.group(2), sql));
    }
    return out;
  }

  private static String resource(String path) {
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  private record Script(int version, String name, String sql) {}
}
