package io.eventrelay.jdbc.contract;

/** {@link StreamLeaseContract} on SQLite. */
class SqliteStreamLeaseTest extends StreamLeaseContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
