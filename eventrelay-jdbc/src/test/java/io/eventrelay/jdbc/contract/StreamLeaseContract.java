package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.CursorConflictException;
import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.LeaseLostException;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.jdbc.JdbcStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One active consumer per subscription across relays: two relays on one database, sharing a
 * settable clock, compete for a subscription. Leases expire and are taken over by that clock; a
 * heartbeat keeps them; the loser is told; a cursor committed in the consumer's own transaction
 * gives exactly-once processing across a takeover while publishers run.
 */
abstract class StreamLeaseContract extends StorageContract {
  static final Duration LEASE = SubscriptionOptions.DEFAULT_LEASE_DURATION;
  static final SubscriptionOptions OPTIONS =
      SubscriptionOptions.builder().pollInterval(Duration.ofMillis(5)).build();

  MutableClock clock;
  JdbcStorage storageA;
  EventRelay relayA;
  EventRelay relayB;
  Subscription subA;
  Subscription subB;
  ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void twoRelaysOnOneDatabase() {
    Database db = newDatabase();
    clock = MutableClock.at(T0);
    storageA = db.open();
    relayA = relay(storageA, clock);
    relayB = relay(db.open(), clock);
    relayA.createTopic("orders");
    subA = relayA.subscribe("orders", "billing", OPTIONS);
    subB = relayB.subscribe("orders", "billing", OPTIONS);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "publishers did not stop");
  }

  @Test
  void otherConsumerStandsByUntilTheLeaseExpiresThenTakesOverFromTheCursor() {
    relayA.topic("orders").publishAll(events("order.placed", 10));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(subA.poll(5)));
    subA.commit(3);

    assertEquals(List.of(), subB.poll(5), "A holds the lease");
    clock.advance(LEASE.minusSeconds(1));
    assertEquals(List.of(), subB.poll(5), "A's lease runs until 30 s after its commit");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of(4L, 5L, 6L, 7L, 8L), offsets(subB.poll(5)), "B restarts after 3");

    LeaseLostException lost = assertThrows(LeaseLostException.class, () -> subA.poll(5));
    assertEquals("billing", lost.subscription());
    assertEquals("orders", lost.topic());
    assertThrows(LeaseLostException.class, () -> subA.commit(5));
    assertEquals(3, subB.committed(), "the loser's commit changed nothing");
    assertEquals(List.of(), subA.poll(5), "the loser stands by while B holds the lease");
    subB.commit(8);
    assertEquals(8, subA.committed());
  }

  @Test
  void heartbeatOfPollsAndCommitsKeepsTheLease() {
    relayA.topic("orders").publishAll(events("order.placed", 4));
    subA.poll(1);
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(20)); // more than a third of the lease: renewed
      subA.poll(1);
      assertEquals(List.of(), subB.poll(5), "renewed at each poll");
    }
    clock.advance(Duration.ofSeconds(20));
    subA.commit(4);
    clock.advance(Duration.ofSeconds(29));
    assertEquals(List.of(), subB.poll(5), "renewed by the commit");

    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of(), subB.poll(5), "B took over; nothing after the cursor");
    assertThrows(LeaseLostException.class, () -> subA.poll(1));
  }

  @Test
  void closingAConsumerReleasesTheLeaseForAnImmediateTakeover() {
    relayA.topic("orders").publishAll(events("order.placed", 3));
    subA.poll(2);
    subA.commit(1);
    assertEquals(List.of(), subB.poll(5));

    subA.close();

    assertEquals(List.of(2L, 3L), offsets(subB.poll(5)), "no need to wait for the lease");
  }

  @Test
  void consumerThatNeverHeldTheLeaseCannotCommitOrSeek() {
    relayA.topic("orders").publishAll(events("order.placed", 3));
    subA.poll(3);

    LeaseLostException commit = assertThrows(LeaseLostException.class, () -> subB.commit(1));
    assertTrue(commit.getMessage().contains("does not hold the lease"), commit.getMessage());
    assertThrows(LeaseLostException.class, () -> subB.seek(1));
    assertEquals(0, subA.committed());
    subA.commit(3);
    assertEquals(3, subB.committed());
  }

  @Test
  void consumersOnThreadsOfOneRelaySeeEachEventOnceWhileOneHoldsTheLease() throws Exception {
    int total = 300;
    List<Subscription> consumers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      consumers.add(relayA.subscribe("orders", "billing", OPTIONS));
    }
    Future<?> publisher = pool.submit(() -> publishInBatches(relayA, total));
    List<Future<List<Long>>> polled = new ArrayList<>();
    ExecutorService consumerPool = Executors.newFixedThreadPool(consumers.size());
    try {
      for (Subscription s : consumers) {
        polled.add(consumerPool.submit(() -> pollAndCommitUntil(s, total)));
      }
      publisher.get(60, TimeUnit.SECONDS);
      int active = 0;
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : polled) {
        List<Long> got = f.get(60, TimeUnit.SECONDS);
        active += got.isEmpty() ? 0 : 1;
        all.addAll(got);
      }
      assertEquals(1, active, "the clock stands still, so the first consumer keeps the lease");
      assertEquals(range(1, total), all);
    } finally {
      consumerPool.shutdownNow();
    }
  }

  @Test
  void commitInTheConsumersTransactionProcessesEachEventExactlyOnceAcrossATakeover()
      throws Exception {
    int total = 400;
    createProcessedTable();
    Future<?> publishers = pool.submit(() -> publishInBatches(relayA, total / 2));
    Future<?> morePublishers = pool.submit(() -> publishInBatches(relayB, total / 2));
    List<Long> committed = new ArrayList<>();

    while (committed.size() < 100) {
      for (Event e : subA.poll(7, Duration.ofSeconds(5))) {
        processInTransaction(subA, "A", e, true);
        committed.add(e.offset());
      }
      assertEquals(List.of(), subB.poll(7), "B stands by while A holds the lease");
    }
    // A is abandoned mid-batch: one event processed and committed, the next one's transaction
    // lost with the process (rolled back), the rest never looked at.
    List<Event> batch = new ArrayList<>();
    while (batch.size() < 3) {
      batch.addAll(subA.poll(5, Duration.ofSeconds(5)));
    }
    processInTransaction(subA, "A", batch.get(0), true);
    committed.add(batch.get(0).offset());
    processInTransaction(subA, "A", batch.get(1), false);
    assertEquals(List.of(), subB.poll(7), "A's lease has not expired yet");

    clock.advance(LEASE.plusSeconds(1));
    publishers.get(60, TimeUnit.SECONDS);
    morePublishers.get(60, TimeUnit.SECONDS);
    while (committed.size() < total) {
      for (Event e : subB.poll(10, Duration.ofSeconds(5))) {
        processInTransaction(subB, "B", e, true);
        committed.add(e.offset());
      }
    }

    assertEquals(range(1, total), committed, "every event once, in order");
    assertEquals(List.of((long) total, (long) total), countProcessed());
    assertEquals(total, subB.committed());
    assertThrows(LeaseLostException.class, () -> subA.poll(1), "the loser learns it lost");
    assertThrows(
        LeaseLostException.class, () -> processInTransaction(subA, "A", batch.get(2), true));
    assertEquals(List.of((long) total, (long) total), countProcessed(), "A's work rolled back");
  }

  @Test
  void rolledBackTransactionalCommitIsDetectedAndItsEventsAreDeliveredAgain() throws Exception {
    createProcessedTable();
    relayA.topic("orders").publishAll(events("order.placed", 4));
    List<Event> polled = subA.poll(10);
    processInTransaction(subA, "A", polled.get(0), true);
    processInTransaction(subA, "A", polled.get(1), false); // the cursor moved, then rolled back

    CursorConflictException e =
        assertThrows(
            CursorConflictException.class,
            () -> processInTransaction(subA, "A", polled.get(2), true));

    assertEquals(
        "the cursor of subscription 'billing' on topic 'orders' is at 1, not at 2 where this"
            + " consumer committed it: a transaction that committed it rolled back. Roll back this"
            + " transaction too; events after 1 will be delivered again",
        e.getMessage());
    assertEquals("orders", e.topic());
    assertEquals("billing", e.subscription());
    assertEquals(List.of(1L, 1L), countProcessed());
    assertEquals(1, subA.committed());
    assertEquals(List.of(2L, 3L, 4L), offsets(subA.poll(10)));
    processInTransaction(subA, "A", polled.get(1), true);
    assertEquals(2, subA.committed());
  }

  void createProcessedTable() throws SQLException {
    try (Connection c = storageA.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE processed (event_offset BIGINT NOT NULL, consumer VARCHAR(1))");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  /** Inserts a processed row and moves the cursor in one transaction; commits or rolls back. */
  void processInTransaction(Subscription sub, String consumer, Event e, boolean commit)
      throws SQLException {
    try (Connection c = storageA.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO processed (event_offset, consumer) VALUES (?, ?)")) {
          ps.setLong(1, e.offset());
          ps.setString(2, consumer);
          ps.executeUpdate();
        }
        sub.commit(c, e.offset());
        if (commit) {
          c.commit();
        } else {
          c.rollback();
        }
      } catch (RuntimeException | SQLException failure) {
        c.rollback();
        throw failure;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** The count of processed rows, and of distinct offsets among them. */
  List<Long> countProcessed() throws SQLException {
    try (Connection c = storageA.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*), count(DISTINCT event_offset) FROM processed")) {
      assertTrue(rs.next());
      return List.of(rs.getLong(1), rs.getLong(2));
    }
  }

  static Void publishInBatches(EventRelay relay, int count) {
    int published = 0;
    for (int batch = 1; published < count; batch = batch % 4 + 1) {
      int n = Math.min(batch, count - published);
      relay.topic("orders").publishAll(events("order.placed", n));
      published += n;
    }
    return null;
  }

  /** Polls and commits until the cursor reaches {@code total}; returns the offsets it got. */
  static List<Long> pollAndCommitUntil(Subscription sub, int total) {
    List<Long> got = new ArrayList<>();
    while (sub.committed() < total) {
      List<Event> events = sub.poll(10, Duration.ofMillis(20));
      got.addAll(offsets(events));
      if (!events.isEmpty()) {
        sub.commit(events.get(events.size() - 1).offset());
      }
    }
    return got;
  }
}
