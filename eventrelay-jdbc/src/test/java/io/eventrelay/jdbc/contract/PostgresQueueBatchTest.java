package io.eventrelay.jdbc.contract;

/** {@link QueueBatchContract} on PostgreSQL. */
class PostgresQueueBatchTest extends QueueBatchContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
