package io.eventrelay.jdbc.contract;

/** {@link StreamLeaseContract} on PostgreSQL. */
class PostgresStreamLeaseTest extends StreamLeaseContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
