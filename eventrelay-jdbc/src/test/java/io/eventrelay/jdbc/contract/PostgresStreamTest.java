package io.eventrelay.jdbc.contract;

/** {@link StreamContract} on PostgreSQL. */
class PostgresStreamTest extends StreamContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
