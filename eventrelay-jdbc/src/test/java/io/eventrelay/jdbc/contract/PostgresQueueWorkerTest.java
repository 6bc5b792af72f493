package io.eventrelay.jdbc.contract;

/** {@link QueueWorkerContract} on PostgreSQL. */
class PostgresQueueWorkerTest extends QueueWorkerContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
