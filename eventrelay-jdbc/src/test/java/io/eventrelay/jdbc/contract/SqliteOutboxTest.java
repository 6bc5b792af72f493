package io.eventrelay.jdbc.contract;

/** {@link OutboxContract} on SQLite. */
class SqliteOutboxTest extends OutboxContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
