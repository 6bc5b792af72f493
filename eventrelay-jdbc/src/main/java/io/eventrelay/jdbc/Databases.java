package io.eventrelay.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.eventrelay.jdbc.internal.Connections;
import io.eventrelay.jdbc.internal.Dialect;
import io.eventrelay.jdbc.internal.PooledConnections;
import io.eventrelay.jdbc.internal.SingleConnection;
import io.eventrelay.jdbc.internal.SqlErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/** Opens the connections a {@link JdbcStorage} is configured for. */
final class Databases {
  private Databases() {}

  /** The kinds of database a storage can be built on. */
  enum Kind {
    SQLITE_FILE(Dialect.SQLITE),
    SQLITE_MEMORY(Dialect.SQLITE),
    POSTGRES_URL(Dialect.POSTGRES),
    POSTGRES_DATA_SOURCE(Dialect.POSTGRES);

    final Dialect dialect;

    Kind(Dialect dialect) {
      this.dialect = dialect;
    }
  }

  static Connections open(JdbcStorageBuilder config) {
    Dialect dialect = config.kind.dialect;
    switch (config.kind) {
      case SQLITE_MEMORY:
        try {
          return new SingleConnection(
              dialect, DriverManager.getConnection("jdbc:sqlite::memory:"), config.busyTimeout);
        } catch (SQLException e) {
          throw SqlErrors.wrap(dialect, "opening an in-memory SQLite database", e);
        }
      case POSTGRES_DATA_SOURCE:
        return new PooledConnections(dialect, config.dataSource, null, false);
      default:
        HikariDataSource pool;
        try {
          pool = new HikariDataSource(hikariConfig(config));
        } catch (RuntimeException e) {
          throw SqlErrors.wrap(dialect, "opening the connection pool", e);
        }
        return new PooledConnections(dialect, pool, pool, config.kind == Kind.SQLITE_FILE);
    }
  }

  private static HikariConfig hikariConfig(JdbcStorageBuilder config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("eventrelay-" + config.kind.name().toLowerCase(Locale.ROOT));
    hikari.setMaximumPoolSize(config.maxPoolSize);
    hikari.setMinimumIdle(1);
    hikari.setInitializationFailTimeout(-1);
    if (config.kind == Kind.SQLITE_FILE) {
      hikari.setJdbcUrl(
          "jdbc:sqlite:"
              + config.file.toAbsolutePath()
              + "?journal_mode=WAL&synchronous="
              + config.synchronous
              + "&busy_timeout="
              + config.busyTimeout.toMillis());
    } else {
      hikari.setJdbcUrl(config.url);
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    return hikari;
  }

  /** A connection that stays open while the storage watches for changes of other processes. */
  static Connection openListening(JdbcStorageBuilder config, Connections connections)
      throws SQLException {
    return config.kind == Kind.POSTGRES_URL
        ? DriverManager.getConnection(config.url)
        : connections.dataSource().getConnection();
  }
}
