package io.eventrelay.jdbc;

import org.jooq.SQLDialect;

/** {@link FilterConsistencyTest} on SQLite. */
class FilterConsistencySqliteTest extends FilterConsistencyTest {
  @Override
  JdbcStorage newStorage() {
    return TestDatabases.sqlite();
  }

  @Override
  SQLDialect dialect() {
    return SQLDialect.SQLITE;
  }
}
