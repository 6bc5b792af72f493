package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in a transaction on a connection, restoring auto-commit afterwards. */
final class Transactions {
  private Transactions() {}

  static <T> T run(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    boolean committed = false;
    try {
      T result = work.apply(c);
      c.commit();
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollbackQuietly(c);
      }
      c.setAutoCommit(true);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The original failure is the one worth reporting; a failed rollback leaves nothing
      // committed either.
    }
  }
}
