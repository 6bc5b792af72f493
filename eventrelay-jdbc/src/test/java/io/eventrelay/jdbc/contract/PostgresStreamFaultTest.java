package io.eventrelay.jdbc.contract;

/** {@link StreamFaultContract} on PostgreSQL. */
class PostgresStreamFaultTest extends StreamFaultContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
