package io.eventrelay.jdbc.internal;

import io.eventrelay.StorageException;
import java.sql.SQLException;

/** Turns JDBC failures into {@link StorageException}s that say what was being done. */
final class SqlErrors {
  private SqlErrors() {}

  static StorageException wrap(String doing, SQLException e) {
    return new StorageException(
        doing + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
  }
}
