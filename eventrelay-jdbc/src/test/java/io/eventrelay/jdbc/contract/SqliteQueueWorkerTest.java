package io.eventrelay.jdbc.contract;

/** {@link QueueWorkerContract} on SQLite. */
class SqliteQueueWorkerTest extends QueueWorkerContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
