package io.eventrelay.jdbc.contract;

/** {@link MetersContract} on PostgreSQL. */
class PostgresMetersTest extends MetersContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
