package io.eventrelay.jdbc.contract;

/** {@link PublishFaultContract} on SQLite. */
class SqlitePublishFaultTest extends PublishFaultContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
