package io.eventrelay.jdbc;

/**
 * {@link InMemoryFilterConsistencyTest} on PostgreSQL; skipped when it is unreachable, unless
 * CI=true.
 */
class InMemoryFilterConsistencyPostgresTest extends InMemoryFilterConsistencyTest {
  @Override
  JdbcStorage newStorage() {
    return TestDatabases.postgres();
  }
}
