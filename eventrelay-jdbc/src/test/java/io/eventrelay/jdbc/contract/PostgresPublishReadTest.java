package io.eventrelay.jdbc.contract;

/** {@link PublishReadContract} on PostgreSQL. */
class PostgresPublishReadTest extends PublishReadContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
