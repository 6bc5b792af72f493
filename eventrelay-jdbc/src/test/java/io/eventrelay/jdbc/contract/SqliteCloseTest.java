package io.eventrelay.jdbc.contract;

/** {@link CloseContract} on SQLite. */
class SqliteCloseTest extends CloseContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
