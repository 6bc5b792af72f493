package io.eventrelay.jdbc.contract;

/** {@link OutboxContract} on PostgreSQL. */
class PostgresOutboxTest extends OutboxContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
