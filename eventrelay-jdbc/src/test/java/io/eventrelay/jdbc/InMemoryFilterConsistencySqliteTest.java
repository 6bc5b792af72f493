package io.eventrelay.jdbc;

/** {@link InMemoryFilterConsistencyTest} on SQLite. */
class InMemoryFilterConsistencySqliteTest extends InMemoryFilterConsistencyTest {
  @Override
  JdbcStorage newStorage() {
    return TestDatabases.sqlite();
  }
}
