package io.eventrelay.jdbc.contract;

/** {@link FaultSoakContract} on SQLite: injected failures only (it has no connections to cut). */
class SqliteFaultSoakTest extends FaultSoakContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }

  @Override
  void terminateConnections(Database db) {}
}
