package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connections from a pool (HikariCP, or the application's own data source). Each transaction
 * borrows a connection and returns it.
 */
public final class PooledConnections implements Connections {
  private final Dialect dialect;
  private final DataSource dataSource;
  private final AutoCloseable owned;

  /**
   * @param owned what to close with this object (the pool it created), or null when the application
   *     owns the data source
   */
  public PooledConnections(Dialect dialect, DataSource dataSource, AutoCloseable owned) {
    this.dialect = dialect;
    this.dataSource = dataSource;
    this.owned = owned;
  }

  @Override
  public <T> T inTransaction(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return Transactions.run(dialect, c, work);
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
