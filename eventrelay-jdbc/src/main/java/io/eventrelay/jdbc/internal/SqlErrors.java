package io.eventrelay.jdbc.internal;

import io.eventrelay.EventRelayException;
import io.eventrelay.StorageException;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;

/**
 * Turns the failures of JDBC, jOOQ, the pool and the driver into {@link StorageException}s that say
 * what was being done and whether the failure is {@linkplain StorageException#isTransient()
 * transient}, as the dialect judges.
 */
public final class SqlErrors {
  private SqlErrors() {}

  /**
   * "{@code doing} failed: …", transient when the dialect says {@code e} is; a lock wait that timed
   * out says what usually holds the lock and what to do.
   */
  public static StorageException wrap(Dialect dialect, String doing, SQLException e) {
    return new StorageException(
        doing
            + " failed: "
            + e.getMessage()
            + " (SQLState "
            + e.getSQLState()
            + ")"
            + (dialect.isLockWait(e) ? LOCK_WAIT_HINT : ""),
        e,
        dialect.isTransient(e));
  }

  private static final String LOCK_WAIT_HINT =
      ". Another transaction held a lock longer than the busy timeout (JdbcStorageBuilder"
          + ".busyTimeout): a transaction that published to a topic with"
          + " topic.publishAll(connection, events) holds the topic's offset lock until it ends."
          + " If that transaction is this thread's, publish through its connection, or end it first";

  /**
   * What to throw for {@code e}, thrown while doing {@code doing}: EventRelay's own exceptions and
   * argument errors as they are; jOOQ's {@link DataAccessException} as its {@link SQLException}
   * cause would be ({@link #wrap(Dialect, String, SQLException)}); anything else (a failure of jOOQ
   * without such a cause, an unchecked exception of the driver or the pool) as a {@link
   * StorageException} that is not transient.
   */
  public static RuntimeException wrap(Dialect dialect, String doing, RuntimeException e) {
    if (e instanceof EventRelayException || e instanceof IllegalArgumentException) {
      return e;
    }
    if (e instanceof DataAccessException d) {
      SQLException cause = d.getCause(SQLException.class);
      if (cause != null) {
        return wrap(dialect, doing, cause);
      }
    }
    return new StorageException(doing + " failed: " + e, e, false);
  }
}
