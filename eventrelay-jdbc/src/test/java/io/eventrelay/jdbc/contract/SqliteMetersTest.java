package io.eventrelay.jdbc.contract;

/** {@link MetersContract} on SQLite. */
class SqliteMetersTest extends MetersContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
