package io.eventrelay.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.StorageException;
import io.eventrelay.UnknownTopicException;
import java.lang.reflect.Proxy;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection layer lets out only EventRelay's exceptions and argument errors: failures of JDBC,
 * jOOQ, the pool and the driver become {@link StorageException}s that say what was being done,
 * transient when the database or the connection failed.
 */
class ConnectionFailuresTest {
  static {
    // As JdbcStorage does: jOOQ's banner is noise in the test log.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  private SingleConnection single;
  private PooledConnections pooled;

  @BeforeEach
  void open() throws SQLException {
    single =
        new SingleConnection(
            Dialect.SQLITE,
            DriverManager.getConnection("jdbc:sqlite::memory:"),
            Duration.ofSeconds(30));
    pooled = new PooledConnections(Dialect.SQLITE, single.dataSource(), null, false);
  }

  @AfterEach
  void close() {
    single.close();
  }

  private List<Connections> both() {
    return List.of(single, pooled);
  }

  @Test
  void aJooqFailureIsAStorageExceptionSayingWhatWasBeingDone() {
    for (Connections connections : both()) {
      StorageException e =
          assertThrows(
              StorageException.class,
              () ->
                  connections.withConnection(
                      "reading topic 'orders'",
                      c -> DSL.using(c).fetch("SELECT * FROM no_such_table")));

      assertTrue(
          e.getMessage().startsWith("reading topic 'orders' failed: [SQLITE_ERROR]"),
          e.getMessage());
      assertTrue(e.getMessage().contains("no such table: no_such_table"), e.getMessage());
      assertFalse(e.isTransient(), "a missing table is the statement's failure");
      assertTrue(e.getCause() instanceof SQLException, String.valueOf(e.getCause()));
    }
  }

  @Test
  void aJooqFailureCausedByALostConnectionIsTransient() {
    SQLException terminated =
        new SQLException("FATAL: terminating connection due to administrator command", "57P01");
    PooledConnections postgres =
        new PooledConnections(Dialect.POSTGRES, single.dataSource(), null, false);

    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                postgres.inTransaction(
                    "finding topic 'orders'",
                    c -> {
                      throw new DataAccessException("SQL [select 1]; " + terminated, terminated);
                    }));

    assertEquals(
        "finding topic 'orders' failed: FATAL: terminating connection due to administrator"
            + " command (SQLState 57P01)",
        e.getMessage());
    assertTrue(e.isTransient());
    assertSame(terminated, e.getCause());
  }

  @Test
  void thePoolsTimeoutIsTransient() {
    SQLTransientConnectionException timeout =
        new SQLTransientConnectionException(
            "eventrelay-postgres_url - Connection is not available, request timed out after"
                + " 30000ms (total=10, active=10, idle=0, waiting=3)");
    PooledConnections exhausted =
        new PooledConnections(Dialect.POSTGRES, failingDataSource(timeout), null, false);

    for (StorageException e :
        List.of(
            assertThrows(StorageException.class, () -> exhausted.withConnection("reading", c -> 1)),
            assertThrows(
                StorageException.class, () -> exhausted.inTransaction("appending", c -> 1)),
            assertThrows(StorageException.class, () -> exhausted.inClaim("claiming", c -> 1)))) {
      assertTrue(e.isTransient(), e.getMessage());
      assertSame(timeout, e.getCause());
      assertTrue(e.getMessage().contains("failed: eventrelay-postgres_url"), e.getMessage());
    }
  }

  @Test
  void anUncheckedExceptionOfTheDriverIsAStorageExceptionThatIsNotTransient() {
    for (Connections connections : both()) {
      IllegalStateException bug = new IllegalStateException("the driver's own bug");
      StorageException e =
          assertThrows(
              StorageException.class,
              () ->
                  connections.inTransaction(
                      "deleting topic 'orders'",
                      c -> {
                        throw bug;
                      }));

      assertEquals(
          "deleting topic 'orders' failed: java.lang.IllegalStateException: the driver's own bug",
          e.getMessage());
      assertFalse(e.isTransient());
      assertSame(bug, e.getCause());
    }
  }

  @Test
  void eventRelaysOwnExceptionsAndArgumentErrorsPassAsTheyAre() {
    for (Connections connections : both()) {
      UnknownTopicException unknown = new UnknownTopicException("orders");
      IllegalArgumentException argument = new IllegalArgumentException("queue exists");

      assertSame(
          unknown,
          assertThrows(
              UnknownTopicException.class,
              () ->
                  connections.inTransaction(
                      "appending",
                      c -> {
                        throw unknown;
                      })));
      assertSame(
          argument,
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  connections.withConnection(
                      "opening",
                      c -> {
                        throw argument;
                      })));
    }
  }

  private static DataSource failingDataSource(SQLException failure) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                throw failure;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
