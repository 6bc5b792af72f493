package io.eventrelay.jdbc.contract;

/** {@link StreamFaultContract} on SQLite. */
class SqliteStreamFaultTest extends StreamFaultContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
