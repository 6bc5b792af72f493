package io.eventrelay.jdbc.contract;

/** {@link PublishFaultContract} on PostgreSQL. */
class PostgresPublishFaultTest extends PublishFaultContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
