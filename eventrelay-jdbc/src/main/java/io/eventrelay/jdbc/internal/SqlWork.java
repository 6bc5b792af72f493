package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with a JDBC connection.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {
  /** Does the work; the caller owns the connection and its transaction. */
  T apply(Connection connection) throws SQLException;
}
