package io.eventrelay.jdbc.contract;

/** {@link QueueInputContract} on SQLite. */
class SqliteQueueInputTest extends QueueInputContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
