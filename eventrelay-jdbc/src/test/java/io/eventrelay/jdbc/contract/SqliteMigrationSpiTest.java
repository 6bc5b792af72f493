package io.eventrelay.jdbc.contract;

import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.JdbcStorageBuilder;

/**
 * {@link MigrationSpiContract} on SQLite: add-on transactions run on an in-memory database, whose
 * only connection every operation shares (files are covered by the migration tests).
 */
class SqliteMigrationSpiTest extends MigrationSpiContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }

  @Override
  JdbcStorageBuilder privateDatabase() {
    return JdbcStorage.builder().sqliteInMemory();
  }
}
