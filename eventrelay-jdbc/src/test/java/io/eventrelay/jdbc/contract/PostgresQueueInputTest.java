package io.eventrelay.jdbc.contract;

/** {@link QueueInputContract} on PostgreSQL. */
class PostgresQueueInputTest extends QueueInputContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
