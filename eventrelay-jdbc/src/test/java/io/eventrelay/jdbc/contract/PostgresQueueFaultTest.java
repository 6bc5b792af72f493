package io.eventrelay.jdbc.contract;

/** {@link QueueFaultContract} on PostgreSQL. */
class PostgresQueueFaultTest extends QueueFaultContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
