package io.eventrelay.jdbc.contract;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
    Database fresh = newDatabase();
    return new Database(
        Database.Kind.POSTGRES, fresh.location() + "&ApplicationName=" + applicationName);
  }

  @Override
  void terminateConnections(Database db) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, applicationName);
      ps.executeQuery().close();
    }
  }
}
