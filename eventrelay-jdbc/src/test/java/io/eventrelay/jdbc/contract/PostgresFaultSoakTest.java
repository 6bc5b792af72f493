package io.eventrelay.jdbc.contract;

import io.eventrelay.jdbc.TestDatabases;
import java.util.UUID;

/**
 * {@link FaultSoakContract} on PostgreSQL: injected failures, and the relay's own backends (named
 * by an application name of this test's own) terminated every 2 s.
 */
class PostgresFaultSoakTest extends FaultSoakContract {
  private final String applicationName =
      "er_soak_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }

  @Override
  Database soakDatabase() {
    return new Database(
        Database.Kind.POSTGRES,
        TestDatabases.withApplicationName(newDatabase().location(), applicationName));
  }

  @Override
  void terminateConnections(Database db) throws Exception {
    TestDatabases.terminateConnections(applicationName);
  }
}
