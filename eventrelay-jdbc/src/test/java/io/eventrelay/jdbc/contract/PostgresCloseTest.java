package io.eventrelay.jdbc.contract;

/** {@link CloseContract} on PostgreSQL. */
class PostgresCloseTest extends CloseContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
