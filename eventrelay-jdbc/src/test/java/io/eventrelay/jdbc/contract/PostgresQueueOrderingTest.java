package io.eventrelay.jdbc.contract;

/** {@link QueueOrderingContract} on PostgreSQL. */
class PostgresQueueOrderingTest extends QueueOrderingContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
