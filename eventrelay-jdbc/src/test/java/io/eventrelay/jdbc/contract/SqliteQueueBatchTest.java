package io.eventrelay.jdbc.contract;

/** {@link QueueBatchContract} on Sqlite. */
class SqliteQueueBatchTest extends QueueBatchContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
