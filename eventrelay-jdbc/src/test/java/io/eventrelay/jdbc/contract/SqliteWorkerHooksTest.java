package io.eventrelay.jdbc.contract;

/** {@link WorkerHooksContract} on SQLite. */
class SqliteWorkerHooksTest extends WorkerHooksContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
