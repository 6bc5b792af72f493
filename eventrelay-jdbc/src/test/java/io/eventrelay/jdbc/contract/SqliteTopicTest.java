package io.eventrelay.jdbc.contract;

/** {@link TopicContract} on SQLite. */
class SqliteTopicTest extends TopicContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
