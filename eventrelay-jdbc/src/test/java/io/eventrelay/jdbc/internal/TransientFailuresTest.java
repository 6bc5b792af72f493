package io.eventrelay.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Which failures are transient ({@link io.eventrelay.StorageException#isTransient()}): the database
 * or the connection failed, so the same work may succeed later.
 */
class TransientFailuresTest {
  private static SQLException state(String sqlState) {
    return new SQLException("failure " + sqlState, sqlState);
  }

  @Test
  void connectionFailuresOfEveryDatabaseAreTransient() {
    for (Dialect dialect : new Dialect[] {Dialect.POSTGRES, Dialect.SQLITE}) {
      assertTrue(dialect.isTransient(state("08006")), dialect + ": connection failure");
      assertTrue(dialect.isTransient(state("08001")), dialect + ": unable to connect");
      assertTrue(dialect.isTransient(state("08003")), dialect + ": connection does not exist");
      assertTrue(
          dialect.isTransient(
              new SQLTransientConnectionException(
                  "eventrelay-postgres_url - Connection is not available, request timed out"
                      + " after 30000ms",
                  null,
                  state("08001"))),
          dialect + ": the pool's timeout");
      assertTrue(dialect.isTransient(new SQLRecoverableException("closed")), dialect.toString());
      assertTrue(
          dialect.isTransient(new SQLException("statement failed", state("08006"))),
          dialect + ": caused by a connection failure");
    }
  }

  @Test
  void failuresOfTheWorkItselfAreNotTransient() {
    for (Dialect dialect : new Dialect[] {Dialect.POSTGRES, Dialect.SQLITE}) {
      assertFalse(dialect.isTransient(state("23505")), dialect + ": unique violation");
      assertFalse(dialect.isTransient(state("42601")), dialect + ": syntax error");
      assertFalse(dialect.isTransient(state("42P01")), dialect + ": undefined table");
      assertFalse(dialect.isTransient(state("22P02")), dialect + ": invalid text");
      assertFalse(dialect.isTransient(new SQLException("no state")), dialect.toString());
      assertFalse(
          dialect.isTransient(new BatchUpdateException("batch", "23503", new int[0])),
          dialect + ": foreign key violation in a batch");
    }
  }

  @Test
  void postgresServerShutdownsAndRefusalsAreTransient() {
    assertTrue(
        Dialect.POSTGRES.isTransient(state("57P01")), "admin shutdown, pg_terminate_backend");
    assertTrue(Dialect.POSTGRES.isTransient(state("57P02")), "crash shutdown");
    assertTrue(Dialect.POSTGRES.isTransient(state("57P03")), "cannot connect now");
    assertTrue(Dialect.POSTGRES.isTransient(state("53300")), "too many connections");
    assertFalse(Dialect.POSTGRES.isTransient(state("57014")), "query canceled on request");
    assertFalse(
        Dialect.POSTGRES.isTransient(new SQLException("vendor code 5", null, 5)),
        "SQLite's codes mean nothing to PostgreSQL");
  }

  @Test
  void sqliteBusyAndLockedAfterTheBusyTimeoutAreTransient() {
    assertTrue(
        Dialect.SQLITE.isTransient(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)));
    assertTrue(
        Dialect.SQLITE.isTransient(
            new SQLiteException("busy snapshot", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT)));
    assertTrue(
        Dialect.SQLITE.isTransient(new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED)));
    assertFalse(
        Dialect.SQLITE.isTransient(
            new SQLiteException("constraint", SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)));
    assertFalse(
        Dialect.SQLITE.isTransient(new SQLiteException("error", SQLiteErrorCode.SQLITE_ERROR)));
    assertFalse(
        Dialect.SQLITE.isTransient(state("57P01")), "PostgreSQL's states mean nothing here");
  }
}
