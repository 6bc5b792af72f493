package io.eventrelay.jdbc.internal;

import javax.sql.DataSource;

/** Where the storage gets its connections, and how it runs transactions on them. */
public interface Connections extends AutoCloseable {

  /**
   * Runs {@code work} in a transaction that commits when it returns and rolls back when it throws.
   *
   * <p>Every method that runs work throws only what {@link SqlErrors#wrap(Dialect, String,
   * RuntimeException)} lets out: EventRelay's exceptions and argument errors that the work threw,
   * and for every other failure (of JDBC, jOOQ, the pool, the driver) a {@link
   * io.eventrelay.StorageException} whose message says that {@code doing} failed and why.
   *
   * @param doing what the work does, for messages: "reading topic 'orders'"
   */
  <T> T inTransaction(String doing, SqlWork<T> work);

  /**
   * Runs a worker-queue claim as {@link #inTransaction} does, except that its commit need not wait
   * for the disk where the dialect relaxes it ({@link Dialect#relaxClaim}).
   */
  <T> T inClaim(String doing, SqlWork<T> work);

  /**
   * Runs {@code work} on a connection in auto-commit mode (reads); fails as {@link
   * #inTransaction(String, SqlWork)} does.
   */
  <T> T withConnection(String doing, SqlWork<T> work);

  /**
   * Throws if the calling thread holds a connection that the storage's own transactions need (see
   * {@link io.eventrelay.spi.Storage#checkPublishingThread()}); nothing here.
   */
  default void checkPublishingThread() {}

  /** Connections to the same database for the application's own transactions. */
  DataSource dataSource();

  @Override
  void close();
}
