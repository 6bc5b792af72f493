package io.eventrelay.jdbc.contract;

/** {@link AggregateContract} on PostgreSQL. */
class PostgresAggregateTest extends AggregateContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
