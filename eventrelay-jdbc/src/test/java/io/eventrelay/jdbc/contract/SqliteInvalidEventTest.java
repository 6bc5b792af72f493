package io.eventrelay.jdbc.contract;

/** {@link InvalidEventContract} on SQLite. */
class SqliteInvalidEventTest extends InvalidEventContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
