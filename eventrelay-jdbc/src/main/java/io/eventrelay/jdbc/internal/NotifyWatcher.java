package io.eventrelay.jdbc.internal;

/**
 * Watches the database for commits made through other connections and reports them to a {@link
 * io.eventrelay.spi.Storage.ChangeListener}; made by {@link Dialect#watchChanges}.
 */
public interface NotifyWatcher extends AutoCloseable {

  /** Watches nothing: for a database that cannot notify, whose consumers poll. */
  NotifyWatcher NONE = () -> {};

  /** Stops watching and releases the watcher's connection and thread. Idempotent. */
  @Override
  void close();
}
