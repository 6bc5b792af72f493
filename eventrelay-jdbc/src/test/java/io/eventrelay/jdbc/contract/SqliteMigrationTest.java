package io.eventrelay.jdbc.contract;

/** {@link MigrationContract} on SQLite. */
class SqliteMigrationTest extends MigrationContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
