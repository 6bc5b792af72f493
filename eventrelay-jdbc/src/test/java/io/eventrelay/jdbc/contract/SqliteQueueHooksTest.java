package io.eventrelay.jdbc.contract;

/** {@link QueueHooksContract} on SQLite. */
class SqliteQueueHooksTest extends QueueHooksContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
