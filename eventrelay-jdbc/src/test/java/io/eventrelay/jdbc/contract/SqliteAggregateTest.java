package io.eventrelay.jdbc.contract;

/** {@link AggregateContract} on SQLite. */
class SqliteAggregateTest extends AggregateContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
