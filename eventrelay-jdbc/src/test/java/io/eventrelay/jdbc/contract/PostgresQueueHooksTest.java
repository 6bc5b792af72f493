package io.eventrelay.jdbc.contract;

/** {@link QueueHooksContract} on PostgreSQL. */
class PostgresQueueHooksTest extends QueueHooksContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
