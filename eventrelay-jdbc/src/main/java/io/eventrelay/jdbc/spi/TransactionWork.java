package io.eventrelay.jdbc.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that {@link io.eventrelay.jdbc.JdbcStorage#inTransaction(String, TransactionWork)} runs in a
 * transaction on the relay's database.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface TransactionWork<T> {
  /**
   * Does the work on {@code connection}, which is in a transaction: the storage commits it when
   * this returns and rolls it back when this throws. Do not commit, roll back, change auto-commit
   * or close the connection.
   *
   * @throws SQLException a failure of the database, which the storage reports as a {@link
   *     io.eventrelay.StorageException}
   */
  T run(Connection connection) throws SQLException;
}
