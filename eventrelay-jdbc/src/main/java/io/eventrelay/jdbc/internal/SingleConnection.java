package io.eventrelay.jdbc.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
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

  /** Wraps {@code connection}, which this object closes. */
  public SingleConnection(Dialect dialect, Connection connection) {
    this.dialect = dialect;
    this.connection = connection;
  }

  @Override
  public <T> T inTransaction(String doing, SqlWork<T> work) {
    lock.lock();
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
    lock.lock();
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
    lock.lock();
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
