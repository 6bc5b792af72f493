package io.eventrelay.jdbc;

import io.eventrelay.Event;
import io.eventrelay.EventRelayException;
import io.eventrelay.StorageException;
import io.eventrelay.jdbc.internal.Aggregates;
import io.eventrelay.jdbc.internal.Connections;
import io.eventrelay.jdbc.internal.Dialect;
import io.eventrelay.jdbc.internal.EventStore;
import io.eventrelay.jdbc.internal.FilterSql;
import io.eventrelay.jdbc.internal.JdbcQueueStore;
import io.eventrelay.jdbc.internal.JdbcStreamStore;
import io.eventrelay.jdbc.internal.Migrator;
import io.eventrelay.jdbc.internal.NotifyWatcher;
import io.eventrelay.jdbc.internal.SqlErrors;
import io.eventrelay.jdbc.spi.JdbcMigrations;
import io.eventrelay.jdbc.spi.TransactionWork;
import io.eventrelay.spi.AggregateRequest;
import io.eventrelay.spi.AggregateResult;
import io.eventrelay.spi.QueueStorage;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.Storage;
import io.eventrelay.spi.StreamStorage;
import io.eventrelay.spi.TopicRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link Storage} on PostgreSQL or SQLite, through JDBC.
 *
 * <pre>{@code
 * JdbcStorage.sqlite(Path.of("events.db"))          // a file, WAL mode, synchronous=FULL
 * JdbcStorage.sqliteInMemory()                      // a private in-memory database, for tests
 * JdbcStorage.postgres("jdbc:postgresql://db/app")  // a HikariCP pool from a URL
 * JdbcStorage.postgres(dataSource)                  // the application's own pool
 * }</pre>
 *
 * <p>The schema is created and upgraded by versioned migrations shipped in this jar, applied when
 * the relay starts (unless {@link JdbcStorageBuilder#migrate(boolean)} is off); several processes
 * starting at once are safe. No DDL runs after that, so the application may then use a database
 * user that cannot create tables. The JDBC driver ({@code org.xerial:sqlite-jdbc} or {@code
 * org.postgresql:postgresql}) is the application's dependency.
 *
 * <p>SQLite runs in WAL mode: readers never block the writer, and writers take turns on the
 * database's write lock, waiting up to the busy timeout. An in-memory database lives in a single
 * connection that every operation shares; the application's own transactions get it from {@link
 * #dataSource()} and hold it until they close it.
 *
 * <p>Consumers wake as soon as a topic gets events. On PostgreSQL, each append (the application's
 * transactional ones included) sends a {@code NOTIFY} on channel {@code eventrelay}, delivered when
 * it commits, and each storage keeps one connection {@code LISTEN}ing for those of every relay on
 * its schema: outside the pool when built from a URL, one of the application's connections when
 * built from its data source. On SQLite, only the appending relay's own consumers wake at once;
 * other processes' consumers find new events when they next poll.
 *
 * <p>Failures: every failure of the database, the connection, the pool or the driver reaches the
 * caller as a {@link StorageException} whose message says what was being done; its {@link
 * StorageException#isTransient()} tells a failure of the database or the connection (dropped or
 * terminated, server restarting, no pooled connection free in time, SQLite busy past the busy
 * timeout: the same call may succeed later) from one of the operation itself. The pool replaces
 * connections that broke, so calls succeed again once the database is back.
 *
 * <p>Thread-safe.
 */
public final class JdbcStorage implements Storage {
  private final JdbcStorageBuilder config;
  private final Dialect dialect;
  private final Migrator migrator;
  private volatile Connections connections;
  private volatile EventStore store;
  private volatile JdbcStreamStore streams;
  private volatile JdbcQueueStore queues;
  private volatile Aggregates aggregates;
  private NotifyWatcher watcher = NotifyWatcher.NONE; // guarded by this

  JdbcStorage(JdbcStorageBuilder config) {
    this.config = config;
    this.dialect = config.kind.dialect;
    this.migrator = new Migrator(dialect, config.modules);
  }

  /** SQLite in the file {@code file} (created if missing), with the default settings. */
  public static JdbcStorage sqlite(Path file) {
    return builder().sqlite(file).build();
  }

  /**
   * A private in-memory SQLite database that lives as long as this storage: the quickest way to run
   * an application's tests against the real thing.
   */
  public static JdbcStorage sqliteInMemory() {
    return builder().sqliteInMemory().build();
  }

  /** PostgreSQL through a HikariCP pool opened on {@code jdbcUrl}. */
  public static JdbcStorage postgres(String jdbcUrl) {
    return builder().postgres(jdbcUrl).build();
  }

  /** PostgreSQL through the application's own {@link DataSource}, which it keeps owning. */
  public static JdbcStorage postgres(DataSource dataSource) {
    return builder().postgres(dataSource).build();
  }

  /** Configures a storage in detail. */
  public static JdbcStorageBuilder builder() {
    return new JdbcStorageBuilder();
  }

  /**
   * Connections to this storage's database, for the application's own transactions that publish
   * events (see {@link io.eventrelay.Topic#publishAll(Connection, List)}).
   *
   * @throws IllegalStateException before the relay has started the storage
   */
  public DataSource dataSource() {
    return connections().dataSource();
  }

  /**
   * Runs {@code work} in a transaction on this storage's database, as the storage runs its own:
   * committed when the work returns, rolled back when it throws. For add-ons that keep their own
   * tables ({@link JdbcStorageBuilder#migrations(JdbcMigrations)}).
   *
   * <p>The connection may be passed to {@link io.eventrelay.Subscription#commit(Connection, long)}
   * and {@link io.eventrelay.Topic#publishAll(Connection, List)}, so that the add-on's state, a
   * stream's cursor and new events commit together, or not at all. The transaction holds the
   * database's write lock on SQLite (an in-memory database's only connection), and on PostgreSQL
   * the row locks it takes, until it ends: keep it short, and do nothing else with this relay's
   * storage meanwhile (a publish without the connection, say), since that would wait for it.
   *
   * @param doing what the work does, for the message of a failure ("recording webhook attempts")
   * @return what the work returned
   * @throws StorageException if the database fails (the work's {@link SQLException}s included),
   *     with a message saying that {@code doing} failed; nothing is committed
   * @throws RuntimeException what the work threw, as it threw it; nothing is committed
   * @throws IllegalStateException before the relay has started the storage
   */
  public <T> T inTransaction(String doing, TransactionWork<T> work) {
    Objects.requireNonNull(doing, "doing");
    Objects.requireNonNull(work, "work");
    try {
      return connections()
          .inTransaction(
              doing,
              connection -> {
                try {
                  return work.run(connection);
                } catch (RuntimeException e) {
                  throw new WorkFailed(e);
                }
              });
    } catch (WorkFailed e) {
      throw (RuntimeException) e.getCause();
    }
  }

  /** Carries what the work threw past the storage's wrapping of failures. */
  private static final class WorkFailed extends EventRelayException {
    private static final long serialVersionUID = 1L;

    WorkFailed(RuntimeException cause) {
      super("the work failed", cause);
    }
  }

  @Override
  public synchronized void start(Clock clock) {
    if (connections != null) {
      throw new IllegalStateException("this JdbcStorage is already started");
    }
    Connections opened = Databases.open(config);
    try {
      if (config.migrate) {
        migrator.migrate(opened, clock, config.kind != Databases.Kind.SQLITE_MEMORY);
      } else {
        migrator.verify(opened);
      }
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    store = new EventStore(dialect, opened, clock, config.busyTimeout);
    streams = new JdbcStreamStore(dialect, opened);
    queues = new JdbcQueueStore(dialect, opened, clock, config.busyTimeout);
    aggregates = new Aggregates(dialect, opened);
    connections = opened;
  }

  @Override
  public TopicRecord createTopic(String name) {
    return store().createTopic(name);
  }

  @Override
  public Optional<TopicRecord> findTopic(String name) {
    return store().findTopic(name);
  }

  @Override
  public List<TopicRecord> listTopics() {
    return store().listTopics();
  }

  @Override
  public boolean deleteTopic(String name) {
    return store().deleteTopic(name);
  }

  @Override
  public long[] append(List<Event> events, Instant recordedAt) {
    return store().append(events, recordedAt);
  }

  @Override
  public long[] append(Connection connection, List<Event> events, Instant recordedAt) {
    try {
      return store().append(connection, events, recordedAt);
    } catch (SQLException e) {
      throw SqlErrors.wrap(dialect, "publishing in the caller's transaction", e);
    } catch (RuntimeException e) {
      throw SqlErrors.wrap(dialect, "publishing in the caller's transaction", e);
    }
  }

  @Override
  public void checkPublishingThread() {
    connections().checkPublishingThread();
  }

  @Override
  public long[] storedOffsets(List<Event> events) {
    return store().storedOffsets(events);
  }

  @Override
  public List<Event> read(ReadRequest request) {
    return store()
        .read(
            request,
            request.filter().isAll()
                ? null
                : FilterSql.condition(request.filter(), dialect.jooq()));
  }

  @Override
  public long offsetAt(String topic, Instant time) {
    return store().offsetAt(topic, time);
  }

  @Override
  public long lastOffset(String topic) {
    return store().lastOffset(topic);
  }

  /**
   * {@inheritDoc}
   *
   * <p>On PostgreSQL, one grouped statement: JSON numbers become {@code numeric}, whose sums are
   * exact. On SQLite (3.38 or later), which reads decimals as 64-bit floats, each number's literal
   * text is selected and added up exactly in the application, in pages of offsets with the
   * connection given back between pages; repeated values are added once, times their count.
   */
  @Override
  public AggregateResult aggregate(AggregateRequest request) {
    store();
    return aggregates.aggregate(request);
  }

  @Override
  public synchronized void watchChanges(ChangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    connections();
    if (watcher != NotifyWatcher.NONE) {
      throw new IllegalStateException("this JdbcStorage is already watching for changes");
    }
    watcher = dialect.watchChanges(() -> Databases.openListening(config, connections()), listener);
  }

  @Override
  public StreamStorage streams() {
    store();
    return streams;
  }

  @Override
  public QueueStorage queues() {
    store();
    return queues;
  }

  @Override
  public synchronized void close() {
    watcher.close();
    if (connections != null) {
      connections.close();
    }
  }

  private EventStore store() {
    EventStore s = store;
    if (s == null) {
      throw new IllegalStateException("the storage is not started (build an EventRelay with it)");
    }
    return s;
  }

  private Connections connections() {
    Connections c = connections;
    if (c == null) {
      throw new IllegalStateException("the storage is not started (build an EventRelay with it)");
    }
    return c;
  }

  /** How SQLite syncs commits to disk; see SQLite's {@code PRAGMA synchronous}. */
  public enum Synchronous {
    /** Every commit is synced: a committed event survives power loss. The default. */
    FULL,
    /** Commits survive a crashed process but the last ones may be lost on power loss. */
    NORMAL
  }
}
