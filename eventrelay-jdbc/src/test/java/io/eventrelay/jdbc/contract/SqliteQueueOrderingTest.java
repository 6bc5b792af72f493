package io.eventrelay.jdbc.contract;

/** {@link QueueOrderingContract} on SQLite. */
class SqliteQueueOrderingTest extends QueueOrderingContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
