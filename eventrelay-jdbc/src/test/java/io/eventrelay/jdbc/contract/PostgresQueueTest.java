package io.eventrelay.jdbc.contract;

/** {@link QueueContract} on PostgreSQL. */
class PostgresQueueTest extends QueueContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
