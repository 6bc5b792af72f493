package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.EventRelay;
import io.eventrelay.Topic;
import io.eventrelay.internal.TopicSignals;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.TestDatabases;
import io.eventrelay.spi.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consumers of one relay wake at once when another relay (another process, in production) commits
 * to the same PostgreSQL schema, through LISTEN/NOTIFY. PostgreSQL only: on SQLite, consumers in
 * other processes find new events when they next poll.
 */
class PostgresWakeUpTest extends StorageContract {
  /** Every change notice a watching storage reports; {@code *} for "all topics changed". */
  static final class Notices implements Storage.ChangeListener {
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public void topicChanged(String topic) {
      seen.add(topic);
    }

    @Override
    public void allTopicsChanged() {
      seen.add("*");
    }

    String next() throws InterruptedException {
      String notice = seen.poll(10, TimeUnit.SECONDS);
      assertNotNull(notice, "no notice within 10 s");
      return notice;
    }
  }

  Database db;
  EventRelay publisher;
  JdbcStorage watching;
  Notices notices = new Notices();

  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }

  @BeforeEach
  void publisherOfTwoTopics() {
    db = newDatabase();
    publisher = relay(db.open());
    publisher.createTopic("orders");
    publisher.createTopic("marker");
  }

  @AfterEach
  void closeWatching() {
    if (watching != null) {
      watching.close();
    }
  }

  /**
   * Starts a storage on {@code location} that reports to {@link #notices}, outside any relay, and
   * takes the notice it gives on connecting.
   */
  void startWatching(String location) {
    watching = JdbcStorage.postgres(location);
    watching.start(Clock.systemUTC());
    watching.watchChanges(notices);
    assertEquals("*", notices.seen.poll(), "a new connection reports every topic changed");
  }

  @Test
  void anotherRelaysCommitWakesAWaitingConsumerOfThisRelayWithinTwoSeconds() throws Exception {
    AtomicReference<Storage.ChangeListener> relaySignals = new AtomicReference<>();
    relay(capturingWatchListener(db.open(), relaySignals));
    TopicSignals signals = assertInstanceOf(TopicSignals.class, relaySignals.get());
    long seen = signals.version("orders");

    Thread publish = new Thread(() -> publisher.topic("orders").publish(event("placed", 0)));
    long start = System.nanoTime();
    publish.start();
    long now = signals.awaitChange("orders", seen, Duration.ofSeconds(10));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    publish.join();

    assertTrue(now > seen, "woken by a signal, not by the 10 s timeout");
    assertTrue(waited.compareTo(Duration.ofSeconds(2)) < 0, "woke after " + waited);
  }

  @Test
  void notifiesEachCommittedTopicOfItsOwnSchemaOnly() throws Exception {
    startWatching(db.location());
    EventRelay otherSchema = relay(newDatabase().open());
    otherSchema.createTopic("orders").publish(event("elsewhere", 0));

    publisher.topic("orders").publishAll(events("placed", 3));
    publisher.topic("marker").publish(event("marker", 0));

    assertEquals("orders", notices.next(), "one notice for the three events");
    assertEquals("marker", notices.next());
  }

  @Test
  void transactionalPublishNotifiesWhenTheCallerCommits() throws Exception {
    startWatching(db.location());
    JdbcStorage publisherStorage = db.open();
    Topic orders = relay(publisherStorage).topic("orders");
    try (Connection c = publisherStorage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      orders.publishAll(c, events("in-transaction", 2));
      publisher.topic("marker").publish(event("marker", 0));
      assertEquals("marker", notices.next(), "nothing for orders before the caller commits");

      c.commit();
      c.setAutoCommit(true);
    }
    assertEquals("orders", notices.next());
  }

  @Test
  void rolledBackTransactionNotifiesNothing() throws Exception {
    startWatching(db.location());
    JdbcStorage publisherStorage = db.open();
    Topic orders = relay(publisherStorage).topic("orders");
    try (Connection c = publisherStorage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      orders.publishAll(c, events("in-transaction", 2));
      c.rollback();
      c.setAutoCommit(true);
    }
    publisher.topic("marker").publish(event("marker", 0));

    assertEquals("marker", notices.next());
  }

  @Test
  void afterALostConnectionItReportsEveryTopicChangedAndKeepsNotifying() throws Exception {
    String application = "er_wake_" + UUID.randomUUID().toString().substring(0, 8);
    startWatching(db.location() + "&ApplicationName=" + application);

    db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE application_name = '"
            + application
            + "'");
    assertEquals("*", notices.next(), "reconnected: notices sent meanwhile may be lost");
    publisher.topic("orders").publish(event("placed", 0));

    assertEquals("orders", notices.next());
  }

  @Test
  void afterItsListeningConnectionIsTerminatedAnotherRelaysCommitStillWakesAConsumer()
      throws Exception {
    String application = "er_wake_" + UUID.randomUUID().toString().substring(0, 8);
    AtomicReference<Storage.ChangeListener> relaySignals = new AtomicReference<>();
    JdbcStorage storage =
        JdbcStorage.postgres(TestDatabases.withApplicationName(db.location(), application));
    relay(capturingWatchListener(storage, relaySignals));
    TopicSignals signals = assertInstanceOf(TopicSignals.class, relaySignals.get());
    long seen = signals.version("orders");

    assertTrue(TestDatabases.terminateConnections(application) > 0);
    long reconnected = signals.awaitChange("orders", seen, Duration.ofSeconds(10));
    assertTrue(reconnected > seen, "a reconnect signals every topic");
    long start = System.nanoTime();
    publisher.topic("orders").publish(event("placed", 0));
    long now = signals.awaitChange("orders", reconnected, Duration.ofSeconds(10));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(now > reconnected, "woken by a signal, not by the 10 s timeout");
    assertTrue(waited.compareTo(Duration.ofSeconds(2)) < 0, "woke after " + waited);
  }

  /**
   * {@code storage} seen through a proxy that records the listener the relay passes to {@link
   * Storage#watchChanges}: the relay's own signals.
   */
  static Storage capturingWatchListener(
      Storage storage, AtomicReference<Storage.ChangeListener> listener) {
    return (Storage)
        Proxy.newProxyInstance(
            Storage.class.getClassLoader(),
            new Class<?>[] {Storage.class},
            (proxy, method, args) -> {
              if (method.getName().equals("watchChanges")) {
                listener.set((Storage.ChangeListener) args[0]);
              }
              try {
                return method.invoke(storage, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
