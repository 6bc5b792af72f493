package io.eventrelay.jdbc.contract;

/** {@link TopicContract} on PostgreSQL. */
class PostgresTopicTest extends TopicContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
