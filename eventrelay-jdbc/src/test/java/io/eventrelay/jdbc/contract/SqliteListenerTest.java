package io.eventrelay.jdbc.contract;

/** {@link ListenerContract} on Sqlite. */
class SqliteListenerTest extends ListenerContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
