package io.eventrelay.jdbc.contract;

/** {@link PublishReadContract} on SQLite. */
class SqlitePublishReadTest extends PublishReadContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
