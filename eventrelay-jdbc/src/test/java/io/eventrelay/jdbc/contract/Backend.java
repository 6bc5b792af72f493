package io.eventrelay.jdbc.contract;

import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.TestDatabases;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The databases the contract runs on; each {@code Sqlite…Test} / {@code Postgres…Test} picks one.
 */
enum Backend {
  SQLITE {
    @Override
    JdbcStorage newStorage() {
      return JdbcStorage.sqliteInMemory();
    }

    @Override
    Database newDatabase(Path tempDir) {
      return Database.sqliteFile(tempDir.resolve("events-" + UUID.randomUUID() + ".db"));
    }
  },
  POSTGRES {
    @Override
    JdbcStorage newStorage() {
      return TestDatabases.postgres();
    }

    @Override
    Database newDatabase(Path tempDir) {
      return Database.freshPostgres();
    }
  };

  /** A storage on a fresh database private to it (in-memory SQLite, a new PostgreSQL schema). */
  abstract JdbcStorage newStorage();

  /** A fresh database that several storages and processes can open at once. */
  abstract Database newDatabase(Path tempDir);
}
