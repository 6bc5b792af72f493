package io.eventrelay.jdbc.contract;

/** {@link StreamContract} on SQLite. */
class SqliteStreamTest extends StreamContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
