package io.eventrelay.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.SQLDialect;

/**
 * {@link FilterConsistencyTest} on PostgreSQL; skipped when it is unreachable, unless CI=true.
 *
 * <p>When the server has ICU, the text columns get a linguistic collation (in which {@code 'API'}
 * sorts after {@code 'a'}), as a database created with such a default would give them: filters must
 * still order text by code point.
 */
class FilterConsistencyPostgresTest extends FilterConsistencyTest {
  @Override
  JdbcStorage newStorage() {
    return TestDatabases.postgres();
  }

  @Override
  SQLDialect dialect() {
    return SQLDialect.POSTGRES;
  }

  @Override
  void afterStart(JdbcStorage storage) throws SQLException {
    try (Connection c = storage.dataSource().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet icu =
          s.executeQuery("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")) {
        if (!icu.next()) {
          return;
        }
      }
      for (String column : new String[] {"name", "source", "user_key"}) {
        s.execute(
            "ALTER TABLE eventrelay_events ALTER COLUMN "
                + column
                + " TYPE text COLLATE \"und-x-icu\"");
      }
    }
  }
}
