package io.eventrelay.jdbc.contract;

/** {@link InMemoryFilterContract} on PostgreSQL. */
class PostgresInMemoryFilterTest extends InMemoryFilterContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
