package io.eventrelay.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.Query;
import org.jooq.conf.ParamType;

/**
 * The storage's fixed statements: rendered once per dialect by jOOQ with every value a bind
 * parameter, and run through plain JDBC with the values given in order as longs, ints or strings.
 */
final class Statements {
  private Statements() {}

  /** The SQL of {@code q}, with a {@code ?} for every value. */
  static String render(Query q) {
    return q.getSQL(ParamType.INDEXED);
  }

  /** Binds longs, ints and strings (null only for strings), in order. */
  static PreparedStatement prepare(Connection c, String statement, Object... binds)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement);
    try {
      bind(ps, binds);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /** Sets the parameters of {@code ps}: longs, ints and strings (null only for strings). */
  static void bind(PreparedStatement ps, Object... binds) throws SQLException {
    for (int i = 0; i < binds.length; i++) {
      if (binds[i] instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (binds[i] instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        ps.setString(i + 1, (String) binds[i]);
      }
    }
  }

  static int update(Connection c, String statement, Object... binds) throws SQLException {
    try (PreparedStatement ps = prepare(c, statement, binds)) {
      return ps.executeUpdate();
    }
  }

  /** The first row's first {@code columns} values as longs (a null reads as 0), or null if none. */
  static long[] row(Connection c, String statement, int columns, Object... binds)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, statement, binds);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      long[] values = new long[columns];
      for (int i = 0; i < columns; i++) {
        values[i] = rs.getLong(i + 1);
      }
      return values;
    }
  }
}
