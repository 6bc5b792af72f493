package io.eventrelay.jdbc.contract;

/** {@link ConcurrentPublishContract} on SQLite. */
class SqliteConcurrentPublishTest extends ConcurrentPublishContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
