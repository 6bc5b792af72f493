package io.eventrelay.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections from a pool (HikariCP, or the application's own data source). Each transaction
 * borrows a connection and returns it.
 *
 * <p>A SQLite database has one writer at a time. With {@code oneWriter}, this process's
 * transactions take turns on a lock before they begin: SQLite's busy handler makes a waiting writer
 * sleep for growing intervals (up to 100 ms) and poll, which wastes most of the time when several
 * threads write; a lock hands over at once. Other processes still wait in the busy handler.
 *
 * <p>A connection whose claim settings ({@link Dialect#relaxClaim}) could not be restored never
 * serves again: the pool drops it.
 */
public final class PooledConnections implements Connections {
  private static final Logger LOG = LoggerFactory.getLogger(PooledConnections.class);

  private final Dialect dialect;
  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final ReentrantLock writer; // null when writers need not take turns here

  /**
   * @param ownedPool the pool that {@code dataSource} is, which this object closes; or null when
   *     the application owns the data source
   * @param oneWriter whether this process's transactions take turns (SQLite)
   */
  public PooledConnections(
      Dialect dialect, DataSource dataSource, HikariDataSource ownedPool, boolean oneWriter) {
    this.dialect = dialect;
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.writer = oneWriter ? new ReentrantLock() : null;
  }

  @Override
  public <T> T inTransaction(String doing, SqlWork<T> work) {
    return inTransaction(doing, work, false);
  }

  @Override
  public <T> T inClaim(String doing, SqlWork<T> work) {
    return inTransaction(doing, work, true);
  }

  private <T> T inTransaction(String doing, SqlWork<T> work, boolean claim) {
    if (writer == null) {
      return transaction(doing, work, claim);
    }
    writer.lock();
    try {
      return transaction(doing, work, claim);
    } finally {
      writer.unlock();
    }
  }

  private <T> T transaction(String doing, SqlWork<T> work, boolean claim) {
    try (Connection c = dataSource.getConnection()) {
      return Transactions.run(dialect, c, work, claim, e -> discard(c, e));
    } catch (SQLException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    } catch (RuntimeException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    }
  }

  @Override
  public <T> T withConnection(String doing, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.apply(c);
    } catch (SQLException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    } catch (RuntimeException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    }
  }

  /** Makes sure that {@code c}, whose settings could not be restored, never serves again. */
  private void discard(Connection c, SQLException failure) {
    LOG.warn(
        "restoring a connection's settings after a worker-queue claim failed; the claim stands,"
            + " and the connection is closed rather than returned to the pool",
        failure);
    if (ownedPool != null) {
      ownedPool.evictConnection(c);
      return;
    }
    try {
      c.abort(Runnable::run);
    } catch (SQLException e) {
      LOG.warn("aborting the connection failed", e);
    }
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }
}
