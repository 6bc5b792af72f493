package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Connections from a pool (HikariCP, or the application's own data source). Each transaction
 * borrows a connection and returns it.
 *
 * <p>A SQLite database has one writer at a time. With {@code oneWriter}, this process's
 * transactions take turns on a lock before they begin: SQLite's busy handler makes a waiting writer
 * sleep for growing intervals (up to 100 ms) and poll, which wastes most of the time when several
 * threads write; a lock hands over at once. Other processes still wait in the busy handler.
 */
public final class PooledConnections implements Connections {
  private final Dialect dialect;
  private final DataSource dataSource;
  private final AutoCloseable owned;
  private final ReentrantLock writer; // null when writers need not take turns here

  /**
   * @param owned what to close with this object (the pool it created), or null when the application
   *     owns the data source
   * @param oneWriter whether this process's transactions take turns (SQLite)
   */
  public PooledConnections(
      Dialect dialect, DataSource dataSource, AutoCloseable owned, boolean oneWriter) {
    this.dialect = dialect;
    this.dataSource = dataSource;
    this.owned = owned;
    this.writer = oneWriter ? new ReentrantLock() : null;
  }

  @Override
  public <T> T inTransaction(SqlWork<T> work) {
    return inTransaction(work, false);
  }

  @Override
  public <T> T inClaim(SqlWork<T> work) {
    return inTransaction(work, true);
  }

  private <T> T inTransaction(SqlWork<T> work, boolean claim) {
    if (writer == null) {
      return transaction(work, claim);
    }
    writer.lock();
    try {
      return transaction(work, claim);
    } finally {
      writer.unlock();
    }
  }

  private <T> T transaction(SqlWork<T> work, boolean claim) {
    try (Connection c = dataSource.getConnection()) {
      return Transactions.run(dialect, c, work, claim);
    } catch (SQLException e) {
      throw SqlErrors.wrap("a transaction", e);
    }
  }

  @Override
  public <T> T withConnection(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.apply(c);
    } catch (SQLException e) {
      throw SqlErrors.wrap("a query", e);
    }
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the connection pool failed", e);
      }
    }
  }
}
