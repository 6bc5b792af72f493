package io.eventrelay.jdbc.contract;

/** {@link QueueContract} on SQLite. */
class SqliteQueueTest extends QueueContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
