package io.eventrelay.jdbc.contract;

/** {@link InvalidEventContract} on PostgreSQL. */
class PostgresInvalidEventTest extends InvalidEventContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
