package io.eventrelay.jdbc.contract;

/** {@link MigrationContract} on PostgreSQL. */
class PostgresMigrationTest extends MigrationContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
