package io.eventrelay.jdbc.contract;

/** {@link ReadPageContract} on SQLite. */
class SqliteReadPageTest extends ReadPageContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
