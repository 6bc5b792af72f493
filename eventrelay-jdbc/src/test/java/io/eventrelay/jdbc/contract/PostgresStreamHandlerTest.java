package io.eventrelay.jdbc.contract;

/** {@link StreamHandlerContract} on PostgreSQL. */
class PostgresStreamHandlerTest extends StreamHandlerContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
