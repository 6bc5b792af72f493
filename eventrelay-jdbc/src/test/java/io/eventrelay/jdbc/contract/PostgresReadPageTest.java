package io.eventrelay.jdbc.contract;

/** {@link ReadPageContract} on PostgreSQL. */
class PostgresReadPageTest extends ReadPageContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
