package io.eventrelay.jdbc;

import io.eventrelay.StorageException;
import io.eventrelay.jdbc.spi.JdbcMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Builds a {@link JdbcStorage}: choose exactly one database, then adjust settings. Settings are
 * checked as they are set; a built storage's configuration never changes.
 */
public final class JdbcStorageBuilder {
  Databases.Kind kind;
  Path file;
  String url;
  DataSource dataSource;
  boolean migrate = true;
  JdbcStorage.Synchronous synchronous = JdbcStorage.Synchronous.FULL;
  Duration busyTimeout = Duration.ofSeconds(30);
  int maxPoolSize = 10;
  List<JdbcMigrations> modules = new ArrayList<>();

  JdbcStorageBuilder() {}

  /** SQLite in a file, created if missing. */
  public JdbcStorageBuilder sqlite(Path file) {
    choose(Databases.Kind.SQLITE_FILE);
    this.file = Objects.requireNonNull(file, "file");
    return this;
  }

  /** A private in-memory SQLite database. */
  public JdbcStorageBuilder sqliteInMemory() {
    choose(Databases.Kind.SQLITE_MEMORY);
    return this;
  }

  /**
   * PostgreSQL from a JDBC URL ({@code jdbc:postgresql://host/db?user=…}), pooled by HikariCP with
   * batched inserts rewritten into multi-row statements.
   */
  public JdbcStorageBuilder postgres(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with jdbc:postgresql: (was " + jdbcUrl.split("\\?")[0] + ")");
    }
    choose(Databases.Kind.POSTGRES_URL);
    this.url = jdbcUrl;
    return this;
  }

  /**
   * PostgreSQL through the application's own data source, which the storage never closes. For the
   * fastest batches, set the driver property {@code reWriteBatchedInserts=true} on it.
   */
  public JdbcStorageBuilder postgres(DataSource dataSource) {
    choose(Databases.Kind.POSTGRES_DATA_SOURCE);
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return this;
  }

  /**
   * Whether to apply schema migrations at start; default true. When false, start checks that the
   * schema is current and fails with a {@link StorageException} saying what to do if not.
   */
  public JdbcStorageBuilder migrate(boolean migrate) {
    this.migrate = migrate;
    return this;
  }

  /**
   * Adds an add-on module's migrations, applied at start after the relay's own (see {@link
   * JdbcMigrations}); modules apply in the order added.
   *
   * @throws IllegalArgumentException if a module of that name was added already
   */
  public JdbcStorageBuilder migrations(JdbcMigrations migrations) {
    Objects.requireNonNull(migrations, "migrations");
    for (JdbcMigrations added : modules) {
      if (added.module().equals(migrations.module())) {
        throw new IllegalArgumentException(
            "migrations of module '" + migrations.module() + "' were added already");
      }
    }
    modules.add(migrations);
    return this;
  }

  /** SQLite's sync mode; default {@link JdbcStorage.Synchronous#FULL}. */
  public JdbcStorageBuilder synchronous(JdbcStorage.Synchronous mode) {
    this.synchronous = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * How long a write waits for a lock that another transaction holds, before it fails with a {@link
   * StorageException}: on SQLite, the database's write lock (its busy timeout); on PostgreSQL, a
   * topic's offset lock, held by every transaction that publishes to the topic until it ends (an
   * application transaction that publishes with {@link io.eventrelay.Topic#publishAll(Connection,
   * List)} included). From 0 to 10 minutes, default 30 s.
   */
  public JdbcStorageBuilder busyTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "busyTimeout must be between 0 and 10 minutes (was " + timeout + ")");
    }
    this.busyTimeout = timeout;
    return this;
  }

  /** The most pooled connections (readers and writers); 1 to 1000, default 10. */
  public JdbcStorageBuilder maxPoolSize(int size) {
    if (size < 1 || size > 1000) {
      throw new IllegalArgumentException(
          "maxPoolSize must be between 1 and 1000 (was " + size + ")");
    }
    this.maxPoolSize = size;
    return this;
  }

  /**
   * Builds the storage; it connects when a relay starts it.
   *
   * @throws IllegalStateException if no database was chosen
   * @throws IllegalArgumentException if a module's scripts for the chosen database are missing,
   *     misnamed or out of sequence (the message names the module and the file)
   */
  public JdbcStorage build() {
    if (kind == null) {
      throw new IllegalStateException(
          "choose a database: sqlite(path), sqliteInMemory(), postgres(url) or postgres(dataSource)");
    }
    JdbcStorageBuilder copy = new JdbcStorageBuilder();
    copy.kind = kind;
    copy.file = file;
    copy.url = url;
    copy.dataSource = dataSource;
    copy.migrate = migrate;
    copy.synchronous = synchronous;
    copy.busyTimeout = busyTimeout;
    copy.maxPoolSize = maxPoolSize;
    copy.modules = List.copyOf(modules);
    return new JdbcStorage(copy);
  }

  private void choose(Databases.Kind chosen) {
    if (kind != null && kind != chosen) {
      throw new IllegalStateException(
          "a database was already chosen (" + kind + "); choose exactly one");
    }
    kind = chosen;
  }
}
