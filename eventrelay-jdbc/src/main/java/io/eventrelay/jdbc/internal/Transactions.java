package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/** Runs work in a transaction on a connection, begun and ended the dialect's way. */
final class Transactions {
  private Transactions() {}

  /**
   * Runs {@code work}; a claim's transaction is relaxed first and restored after. A failed restore
   * leaves the outcome as it was and goes to {@code unrestored}, which must see that the relaxed
   * connection is not used again (unused unless {@code claim}).
   */
  static <T> T run(
      Dialect dialect,
      Connection c,
      SqlWork<T> work,
      boolean claim,
      Consumer<SQLException> unrestored)
      throws SQLException {
    String restore = claim ? dialect.relaxClaim(c) : null;
    try {
      return inTransaction(dialect, c, work);
    } finally {
      if (restore != null) {
        try (Statement s = c.createStatement()) {
          s.execute(restore);
        } catch (SQLException e) {
          unrestored.accept(e);
        }
      }
    }
  }

  private static <T> T inTransaction(Dialect dialect, Connection c, SqlWork<T> work)
      throws SQLException {
    dialect.begin(c);
    boolean committed = false;
    try {
      T result = work.apply(c);
      dialect.commit(c);
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollbackQuietly(dialect, c);
      }
    }
  }

  private static void rollbackQuietly(Dialect dialect, Connection c) {
    try {
      dialect.rollback(c);
    } catch (SQLException ignored) {
      // The original failure is the one worth reporting; a failed rollback leaves nothing
      // committed either.
    }
  }
}
