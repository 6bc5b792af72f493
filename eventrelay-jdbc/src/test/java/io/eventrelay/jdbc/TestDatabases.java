package io.eventrelay.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh databases for tests: an in-memory SQLite, or a new schema in the PostgreSQL database named
 * by the system property {@code eventrelay.test.postgres.url} (default: {@code eventrelay_test} on
 * 127.0.0.1:5432 as root). That database is the tests' own: the first test that needs it creates it
 * if it is missing (from the server's {@code postgres} database), so no test touches a database
 * that other programs use, and a test that terminates connections terminates only its own.
 *
 * <p>When PostgreSQL is unreachable, its tests are skipped with one clear line, unless the
 * environment says {@code CI=true}: then an unreachable database fails the build.
 *
 * <p>The schemas created here are dropped when the JVM exits, unless the system property {@code
 * eventrelay.test.keepSchemas} is {@code true} (to inspect a failed run).
 */
public final class TestDatabases {
  private static final String URL_PROPERTY = "eventrelay.test.postgres.url";
  private static final String DEFAULT_URL =
      "jdbc:postgresql://127.0.0.1:5432/eventrelay_test?user=root";

  /** A PostgreSQL URL: the part before the database name, the name, and the parameters. */
  private static final Pattern URL =
      Pattern.compile("(jdbc:postgresql://[^/?]*/)([a-z_][a-z0-9_]*)(\\?.*)?");

  private static final String DATABASE_MISSING = "3D000";
  private static final String DATABASE_EXISTS = "42P04";
  private static final String UNIQUE_VIOLATION = "23505";
  private static volatile String unreachable;
  private static volatile boolean checked;
  private static final Queue<String> createdSchemas = new ConcurrentLinkedQueue<>();
  private static boolean dropHookAdded;

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
    dropAtExit(schema);
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

  /**
   * {@code url} with the connection parameter {@code ApplicationName}, which names the connections
   * in {@code pg_stat_activity} so that a test can {@link #terminateConnections terminate} them.
   */
  public static String withApplicationName(String url, String applicationName) {
    return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
  }

  /**
   * Terminates the connections to the tests' database named {@code applicationName} (see {@link
   * #withApplicationName}), as an administrator or a server restart would, and no others.
   *
   * @return how many were terminated
   */
  public static int terminateConnections(String applicationName) throws SQLException {
    try (Connection c = DriverManager.getConnection(postgresUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    + " AND application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Skips (or on CI fails) the calling test when PostgreSQL cannot be reached. */
  public static synchronized void requirePostgres() {
    if (!checked) {
      checked = true;
      try {
        createDatabaseIfMissing();
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

  /**
   * Connects to the tests' database, creating it first if it does not exist. Several JVMs may try
   * at once: whichever loses the race finds the database created by another and goes on.
   */
  private static void createDatabaseIfMissing() throws SQLException {
    try (Connection c = DriverManager.getConnection(postgresUrl())) {
      c.isValid(5);
      return;
    } catch (SQLException e) {
      if (!DATABASE_MISSING.equals(e.getSQLState())) {
        throw e;
      }
    }
    Matcher url = URL.matcher(postgresUrl());
    if (!url.matches()) {
      throw new SQLException(
          "cannot tell the database name in " + postgresUrl() + ", so cannot create it");
    }
    String server = url.group(1) + "postgres" + (url.group(3) == null ? "" : url.group(3));
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + url.group(2));
    } catch (SQLException e) {
      if (!DATABASE_EXISTS.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    try (Connection c = DriverManager.getConnection(postgresUrl())) {
      c.isValid(5);
    }
  }

  private static synchronized void dropAtExit(String schema) {
    if (Boolean.getBoolean("eventrelay.test.keepSchemas")) {
      return;
    }
    createdSchemas.add(schema);
    if (!dropHookAdded) {
      dropHookAdded = true;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(TestDatabases::dropSchemas, "drop-test-schemas"));
    }
  }

  /** Drops the schemas this JVM created; one a session still locks is left for later. */
  private static void dropSchemas() {
    try (Connection c = DriverManager.getConnection(postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("SET lock_timeout = '2s'");
      for (String schema; (schema = createdSchemas.poll()) != null; ) {
        try {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
          System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
        }
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test schemas: " + e.getMessage());
    }
  }

  private static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
