package io.eventrelay.jdbc.internal;

import io.eventrelay.StorageException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One connection shared under a lock: an in-memory SQLite database exists only inside its
 * connection, so every operation, and the application's own transactions, take turns on it.
 */
public final class SingleConnection implements Connections {
  private final Dialect dialect;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final DataSource dataSource = new LockingDataSource();
  private final Duration busyTimeout;
  private volatile Thread borrower; // the thread holding the connection through dataSource()

  /**
   * Wraps {@code connection}, which this object closes.
   *
   * @param busyTimeout how long an operation waits for the connection that another thread holds
   */
  public SingleConnection(Dialect dialect, Connection connection, Duration busyTimeout) {
    this.busyTimeout = busyTimeout;
    this.dialect = dialect;
    this.connection = connection;
  }

  @Override
  public <T> T inTransaction(String doing, SqlWork<T> work) {
    checkPublishingThread();
    lock();
    try {
      return Transactions.run(dialect, connection, work, false, null);
    } catch (SQLException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    } catch (RuntimeException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #inTransaction}: an in-memory database never syncs to a disk, so there is nothing for
   * a claim to relax ({@link Dialect#relaxClaim}).
   */
  @Override
  public <T> T inClaim(String doing, SqlWork<T> work) {
    return inTransaction(doing, work);
  }

  @Override
  public <T> T withConnection(String doing, SqlWork<T> work) {
    lock();
    try {
      return work.apply(connection);
    } catch (SQLException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    } catch (RuntimeException e) {
      throw SqlErrors.wrap(dialect, doing, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands out the one connection, holding the lock from {@code getConnection()} until the borrowed
   * connection is closed; closing it rolls back anything left uncommitted and keeps the database
   * open.
   */
  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * A thread that borrowed the connection for its own transaction must not start another on it: the
   * storage's commit would commit the application's work too, and a publish waiting for a group
   * commit that another thread leads would wait for this thread forever.
   */
  @Override
  public void checkPublishingThread() {
    if (borrower == Thread.currentThread()) {
      throw new StorageException(
          "this thread holds the in-memory database's only connection, borrowed from"
              + " JdbcStorage.dataSource() and not closed yet; publish with"
              + " topic.publishAll(connection, events) on that connection, or close it first");
    }
  }

  /** Takes the connection, waiting at most the busy timeout for another thread to give it back. */
  private void lock() {
    boolean locked;
    try {
      locked = lock.tryLock(busyTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for the in-memory database", e);
    }
    if (!locked) {
      throw new StorageException(
          "the in-memory database's only connection was not given back within "
              + busyTimeout
              + " (a connection borrowed from JdbcStorage.dataSource() is held that long)",
          null,
          true);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw SqlErrors.wrap(dialect, "closing the in-memory database", e);
    } finally {
      lock.unlock();
    }
  }

  private Connection borrow() {
    lock();
    Thread previous = borrower;
    borrower = Thread.currentThread();
    boolean[] released = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  if (!released[0]) {
                    released[0] = true;
                    try {
                      if (!connection.getAutoCommit()) {
                        connection.rollback();
                        connection.setAutoCommit(true);
                      }
                    } finally {
                      borrower = previous;
                      lock.unlock();
                    }
                  }
                  return null;
                case "isClosed":
                  return released[0] || connection.isClosed();
                default:
                  if (released[0]) {
                    throw new SQLException("this connection was closed");
                  }
                  try {
                    return method.invoke(connection, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
              }
            });
  }

  private final class LockingDataSource implements DataSource {
    @Override
    public Connection getConnection() {
      return borrow();
    }

    @Override
    public Connection getConnection(String username, String password) {
      return borrow();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
