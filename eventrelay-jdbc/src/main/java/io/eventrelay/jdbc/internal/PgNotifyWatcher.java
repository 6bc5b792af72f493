package io.eventrelay.jdbc.internal;

import io.eventrelay.spi.Storage.ChangeListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN/NOTIFY between the relays that share a schema.
 *
 * <p>Sending: an append ({@link PostgresAppend}) sends, in its transaction, {@code
 * pg_notify('eventrelay', '<schema>.<topic>')} for each topic it wrote to. PostgreSQL delivers the
 * notification only if and when the transaction commits, once per topic however many events it
 * holds, in commit order.
 *
 * <p>Receiving: a daemon thread holds a connection of its own that LISTENs on the channel and waits
 * in {@link PGConnection#getNotifications(int)}, telling the listener about the topics of its own
 * schema (relays in other schemas of the database share the channel and are ignored). When nothing
 * arrives for 10 s it checks the connection with a query, which must answer within the connection's
 * network timeout (15 s): a connection that died without a word (a server or a network path gone,
 * leaving the TCP connection half open) fails that query instead of waiting forever. After an error
 * it reconnects, waiting 0.1 s, then twice as long after each failed attempt, up to 10 s; after
 * every connect it reports all topics changed, since notifications sent while it was not listening
 * are lost.
 */
final class PgNotifyWatcher implements NotifyWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(PgNotifyWatcher.class);
  static final String CHANNEL = "eventrelay";
  private static final int HEARTBEAT_MILLIS = 10_000;
  private static final int NETWORK_TIMEOUT_MILLIS = 15_000;
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 10_000;
  private static final long FIRST_CONNECT_WAIT_SECONDS = 10;

  private final Callable<Connection> connect;
  private final ChangeListener listener;
  private final int heartbeatMillis;
  private final int networkTimeoutMillis;
  private final Thread thread;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Connection connection;
  private boolean listened; // confined to the thread

  private PgNotifyWatcher(
      Callable<Connection> connect,
      ChangeListener listener,
      int heartbeatMillis,
      int networkTimeoutMillis) {
    this.connect = connect;
    this.listener = listener;
    this.heartbeatMillis = heartbeatMillis;
    this.networkTimeoutMillis = networkTimeoutMillis;
    this.thread = new Thread(this::run, "eventrelay-pg-notify");
    thread.setDaemon(true);
  }

  /**
   * Starts watching on connections from {@code connect}, and returns once the first connection
   * listens (or failed, in which case the thread retries in the background).
   */
  static PgNotifyWatcher start(Callable<Connection> connect, ChangeListener listener) {
    return start(connect, listener, HEARTBEAT_MILLIS, NETWORK_TIMEOUT_MILLIS);
  }

  /**
   * {@link #start(Callable, ChangeListener)}, checking a quiet connection every {@code
   * heartbeatMillis} and giving up on a silent one after {@code networkTimeoutMillis}.
   */
  static PgNotifyWatcher start(
      Callable<Connection> connect,
      ChangeListener listener,
      int heartbeatMillis,
      int networkTimeoutMillis) {
    PgNotifyWatcher watcher =
        new PgNotifyWatcher(connect, listener, heartbeatMillis, networkTimeoutMillis);
    watcher.thread.start();
    try {
      watcher.firstAttempt.await(FIRST_CONNECT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return watcher;
  }

  private void run() {
    long backoffMillis = MIN_BACKOFF_MILLIS;
    while (!isClosing()) {
      listened = false;
      try {
        listen();
      } catch (Exception e) {
        if (!isClosing()) {
          if (listened) {
            backoffMillis = MIN_BACKOFF_MILLIS;
          }
          LOG.warn(
              "listening for other relays' commits failed; their consumers wake by polling until"
                  + " this reconnects (in {} ms)",
              backoffMillis,
              e);
        }
      }
      firstAttempt.countDown();
      if (awaitClosing(backoffMillis)) {
        return;
      }
      backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }
  }

  /** Listens until closed (then returns) or until the connection fails (then throws). */
  private void listen() throws Exception {
    try (Connection c = connect.call()) {
      connection = c;
      if (isClosing()) {
        return; // close() may have missed this connection; it cannot abort it
      }
      // Bounds every wait for the server but getNotifications' own (the driver sets its timeout).
      c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
      c.setAutoCommit(true);
      String prefix;
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + CHANNEL);
        try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
          rs.next();
          prefix = rs.getString(1) + ".";
        }
      }
      PGConnection pg = c.unwrap(PGConnection.class);
      listened = true;
      listener.allTopicsChanged();
      firstAttempt.countDown();
      while (!isClosing()) {
        PGNotification[] received = pg.getNotifications(heartbeatMillis);
        if (received == null || received.length == 0) {
          heartbeat(c);
        } else {
          for (PGNotification n : received) {
            report(n, prefix);
          }
        }
      }
    } finally {
      connection = null;
    }
  }

  private void report(PGNotification n, String prefix) {
    String payload = n.getParameter();
    if (CHANNEL.equals(n.getName())
        && payload.startsWith(prefix)
        && payload.indexOf('.', prefix.length()) < 0) {
      listener.topicChanged(payload.substring(prefix.length()));
    }
  }

  /** Finds out whether a quiet connection still works: a broken one throws. */
  private static void heartbeat(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }

  private boolean isClosing() {
    return closing.getCount() == 0;
  }

  private boolean awaitClosing(long millis) {
    try {
      return closing.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      return true;
    }
  }

  @Override
  public void close() {
    closing.countDown();
    Connection c = connection;
    if (c != null) {
      try {
        // Unblocks getNotifications at once: abort closes the socket without taking locks.
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        LOG.debug("aborting the listening connection failed", e);
      }
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(FIRST_CONNECT_WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
