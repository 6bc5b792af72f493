package io.eventrelay.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.StorageException;
import io.eventrelay.Topic;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An in-memory SQLite database has one connection: a thread that borrowed it for its own
 * transaction and then publishes outside that transaction fails at once, instead of waiting for
 * itself or committing its own transaction by accident.
 */
class SqliteInMemoryReentryTest {
  private final JdbcStorage storage =
      JdbcStorage.builder().sqliteInMemory().busyTimeout(Duration.ofSeconds(20)).build();
  private final EventRelay relay = EventRelay.builder().storage(storage).build();
  private final Topic topic = relay.createTopic("orders");
  private final AtomicReference<Thread> otherThread = new AtomicReference<>();
  private final ExecutorService other =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "other-publisher");
            otherThread.set(t);
            return t;
          });

  @AfterEach
  void close() {
    other.shutdownNow();
    relay.close();
  }

  private static Event event(String name) {
    return Event.builder(name).source("test").data("{}").build();
  }

  @Test
  void aThreadHoldingTheBorrowedConnectionFailsFastWhileAnotherLeadsTheCommit() throws Exception {
    Future<Event> waiting;
    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      waiting = other.submit(() -> topic.publish(event("from.another.thread")));
      awaitWaiting(otherThread);

      long started = System.nanoTime();
      StorageException e =
          assertThrows(StorageException.class, () -> topic.publish(event("re.entered")));
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(e.getMessage().contains("publishAll(connection, events)"), e.getMessage());
      assertTrue(waitedMillis < 5_000, "failed fast: " + waitedMillis + " ms");
      assertFalse(waiting.isDone(), "the other publisher waits for the connection");
      assertEquals(
          List.of(1L),
          topic.publishAll(c, List.of(event("in.transaction"))).stream()
              .map(Event::offset)
              .toList());
      c.commit();
    }
    assertEquals(2, waiting.get(10, TimeUnit.SECONDS).offset());
    assertEquals(List.of("in.transaction", "from.another.thread"), names());
  }

  @Test
  void theStoragesOwnTransactionNeverCommitsTheBorrowersWork() throws Exception {
    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE shop_orders (id TEXT PRIMARY KEY)");
        s.execute("INSERT INTO shop_orders VALUES ('o-1')");
      }
      assertThrows(StorageException.class, () -> topic.publish(event("re.entered")));
      c.rollback();
    }
    try (Connection c = storage.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertFalse(
          s.executeQuery("SELECT name FROM sqlite_master WHERE name = 'shop_orders'").next(),
          "the borrower's rolled-back work was not committed by the publish");
    }
    assertEquals(List.of(), names());
  }

  /** Waits until the thread started and waits (for the connection this test's thread holds). */
  private static void awaitWaiting(AtomicReference<Thread> thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the other publisher did not start waiting");
      }
      Thread.onSpinWait();
    }
  }

  private List<String> names() {
    return topic.read(1, 100).stream().map(Event::name).toList();
  }
}
