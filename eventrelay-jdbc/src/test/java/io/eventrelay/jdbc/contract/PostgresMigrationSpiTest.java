package io.eventrelay.jdbc.contract;

/** {@link MigrationSpiContract} on PostgreSQL. */
class PostgresMigrationSpiTest extends MigrationSpiContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
