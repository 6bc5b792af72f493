package io.eventrelay.jdbc.contract;

/** {@link QueueFaultContract} on SQLite. */
class SqliteQueueFaultTest extends QueueFaultContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
