package io.eventrelay.jdbc.contract;

/** {@link CrashContract} on SQLite. */
class SqliteCrashTest extends CrashContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
