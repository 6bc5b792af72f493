package io.eventrelay.jdbc.contract;

/** {@link StreamHandlerContract} on SQLite. */
class SqliteStreamHandlerTest extends StreamHandlerContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
