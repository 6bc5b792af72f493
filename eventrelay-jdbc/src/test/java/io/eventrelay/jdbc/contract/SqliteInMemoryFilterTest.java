package io.eventrelay.jdbc.contract;

/** {@link InMemoryFilterContract} on SQLite. */
class SqliteInMemoryFilterTest extends InMemoryFilterContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
