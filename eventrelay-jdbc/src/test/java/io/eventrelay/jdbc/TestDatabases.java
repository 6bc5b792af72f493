package io.eventrelay.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh databases for tests: an in-memory SQLite, or a new schema in the PostgreSQL named by the
 * system property {@code eventrelay.test.postgres.url}.
 *
 * <p>When PostgreSQL is unreachable, its tests are skipped with one clear line, unless the
 * environment says {@code CI=true}: then an unreachable database fails the build.
 */
public final class TestDatabases {
  private static final String URL_PROPERTY = "eventrelay.test.postgres.url";
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=root";
  private static volatile String unreachable;
  private static volatile boolean checked;

  private TestDatabases() {}

  /** The PostgreSQL URL the tests use, without a schema. */
  public static String postgresUrl() {
    return System.getProperty(URL_PROPERTY, DEFAULT_URL);
  }

  /**
   * Creates a new, empty schema and returns a URL whose connections use it. Skips the calling test
   * (or fails it, on CI) when PostgreSQL cannot be reached.
   */
  public static String freshPostgresSchemaUrl() {
    requirePostgres();
    String schema = "er_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test schema " + schema, e);
    }
    String sep = postgresUrl().contains("?") ? "&" : "?";
    return postgresUrl() + sep + "currentSchema=" + schema;
  }

  /** A storage on a fresh PostgreSQL schema; see {@link #freshPostgresSchemaUrl()}. */
  public static JdbcStorage postgres() {
    return JdbcStorage.postgres(freshPostgresSchemaUrl());
  }

  /** A storage on a fresh in-memory SQLite database. */
  public static JdbcStorage sqlite() {
    return JdbcStorage.sqliteInMemory();
  }

  /** Skips (or on CI fails) the calling test when PostgreSQL cannot be reached. */
  public static synchronized void requirePostgres() {
    if (!checked) {
      checked = true;
      try (Connection c = DriverManager.getConnection(postgresUrl())) {
        c.isValid(5);
      } catch (SQLException e) {
        unreachable = e.getMessage();
        if (!onCi()) {
          System.err.println(
              "PostgreSQL is not reachable at "
                  + postgresUrl()
                  + " ("
                  + unreachable
                  + "): skipping the PostgreSQL tests. Set CI=true to make this a failure.");
        }
      }
    }
    if (unreachable != null) {
      if (onCi()) {
        throw new AssertionError(
            "CI=true but PostgreSQL is not reachable at " + postgresUrl() + ": " + unreachable);
      }
      Assumptions.abort("PostgreSQL is not reachable at " + postgresUrl() + ": " + unreachable);
    }
  }

  private static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
