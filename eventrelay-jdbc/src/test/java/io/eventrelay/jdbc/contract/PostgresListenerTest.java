package io.eventrelay.jdbc.contract;

/** {@link ListenerContract} on PostgreSQL. */
class PostgresListenerTest extends ListenerContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
