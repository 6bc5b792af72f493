package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.Listener;
import io.eventrelay.RelayClosedException;
import io.eventrelay.Topic;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.jdbc.JdbcStorage;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live listeners ({@link Topic#listen}): in process, right after commit, in commit order, live-only
 * events included; best effort, isolated from publishers and from each other.
 */
abstract class ListenerContract extends StorageContract {
  EventRelay relay;
  Topic topic;

  @BeforeEach
  void ordersTopic() {
    relay = relay();
    topic = relay.createTopic("orders");
  }

  /** The next event the handler got, failing after 10 s. */
  static Event next(BlockingQueue<Event> got) throws InterruptedException {
    Event e = got.poll(10, TimeUnit.SECONDS);
    assertNotNull(e, "no event delivered within 10 s");
    return e;
  }

  static List<Event> next(BlockingQueue<Event> got, int count) throws InterruptedException {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(next(got));
    }
    return out;
  }

  @Test
  void listenerGetsStoredAndLiveEventsAsPublishedInCommitOrder() throws Exception {
    BlockingQueue<Event> got = new LinkedBlockingQueue<>();
    topic.listen(got::add);

    List<Event> published = new ArrayList<>();
    published.add(topic.publish(event("first", 0)));
    published.addAll(topic.publishAll(events("batch", 2)));
    published.add(topic.publishLive(event("live", 0)));
    published.add(topic.publish(event("last", 0)));

    assertEquals(published, next(got, 5));
    assertEquals(List.of(1L, 2L, 3L, 0L, 4L), offsets(published));
    assertTrue(got.isEmpty());
  }

  @Test
  void listenerGetsConcurrentPublishersEventsInOffsetOrder() throws Exception {
    BlockingQueue<Event> got = new LinkedBlockingQueue<>();
    topic.listen(got::add);
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    topic.publish(event("concurrent", i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(range(1, threads * perThread), offsets(next(got, threads * perThread)));
  }

  @Test
  void listenerGetsOnlyEventsMatchingItsFilterAndIdentifier() throws Exception {
    BlockingQueue<Event> got = new LinkedBlockingQueue<>();
    relay.topic("orders:eu").listen(Filter.parse("data.n >= 2"), got::add);

    relay.topic("orders:us").publishAll(events("placed", 4));
    topic.publishAll(events("placed", 4));
    relay.topic("orders:eu").publishAll(events("placed", 4));

    List<Event> two = next(got, 2);
    assertEquals(List.of(11L, 12L), offsets(two));
    assertEquals("eu", two.get(0).topicIdentifier().orElseThrow());
    assertTrue(got.isEmpty(), "n = 3 of eu is the last event published");
  }

  @Test
  void listenerThatModifiesTheDataChangesWhatNoOtherListenerOrThePublisherSees() throws Exception {
    CountDownLatch modified = new CountDownLatch(1);
    CountDownLatch look = new CountDownLatch(1);
    topic.listen(
        e -> {
          ((ObjectNode) e.data()).put("n", 99);
          e.context().orElseThrow().put("by", "modifier");
          modified.countDown();
        });
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    topic.listen(
        e -> {
          awaitQuietly(look);
          seen.add(e.data() + " " + e.context().orElseThrow() + " " + e.dataJson());
        });
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("n", 1);
    ObjectNode context = JsonNodeFactory.instance.objectNode().put("by", "publisher");

    Event published =
        topic.publish(Event.builder("placed").source("s").data(data).context(context).build());
    data.put("n", 2); // the publisher's own trees, changed after publishing
    context.put("by", "changed");
    assertTrue(modified.await(10, TimeUnit.SECONDS));
    look.countDown();

    String original = "{\"n\":1} {\"by\":\"publisher\"} {\"n\":1}";
    assertEquals(original, seen.poll(10, TimeUnit.SECONDS));
    assertEquals(
        original,
        published.data() + " " + published.context().orElseThrow() + " " + published.dataJson());
    assertEquals(published, topic.read(1, 1).get(0));
  }

  @Test
  void handlerThatThrowsAffectsNeitherThePublisherNorLaterEvents() throws Exception {
    BlockingQueue<Event> got = new LinkedBlockingQueue<>();
    topic.listen(
        e -> {
          got.add(e);
          throw new IllegalStateException("handler failure on " + e.name());
        });

    assertEquals(1, topic.publish(event("first", 0)).offset());
    assertEquals(2, topic.publish(event("second", 0)).offset());
    assertEquals(List.of("first", "second"), next(got, 2).stream().map(Event::name).toList());
  }

  @Test
  void slowListenerDelaysNeitherPublishersNorOtherListenersAndCountsItsDrops() throws Exception {
    CountDownLatch slowInHandler = new CountDownLatch(1);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    BlockingQueue<Event> slowGot = new LinkedBlockingQueue<>();
    Listener slow =
        topic.listen(
            e -> {
              slowInHandler.countDown();
              awaitQuietly(releaseSlow);
              slowGot.add(e);
            });
    BlockingQueue<Event> fastGot = new LinkedBlockingQueue<>();
    Listener fast = topic.listen(fastGot::add);

    topic.publish(event("blocks-the-slow-one", 0));
    assertTrue(slowInHandler.await(10, TimeUnit.SECONDS));
    assertEquals(1, next(fastGot).offset());
    // The slow handler holds event 1; 1,024 more fill its queue; the last 6 are dropped for it.
    int more = Listener.QUEUE_CAPACITY + 6;
    for (int sent = 0; sent < more; sent += 100) {
      int chunk = Math.min(100, more - sent);
      topic.publishAll(events("chunk", chunk));
      assertEquals(range(2 + sent, 1 + sent + chunk), offsets(next(fastGot, chunk)));
    }

    assertEquals(6, slow.droppedCount());
    assertEquals(0, fast.droppedCount());
    releaseSlow.countDown();
    assertEquals(range(1, 1 + Listener.QUEUE_CAPACITY), offsets(next(slowGot, 1025)));
    assertEquals(1 + more + 1, topic.publish(event("after", 0)).offset());
    assertEquals(1 + more + 1, next(slowGot).offset(), "once drained, it gets events again");
    assertEquals(6, slow.droppedCount());
  }

  @Test
  void closedListenerGetsNoFurtherEvents() throws Exception {
    BlockingQueue<Event> closedGot = new LinkedBlockingQueue<>();
    Listener closed = topic.listen(closedGot::add);
    topic.publish(event("before-close", 0));
    assertEquals(1, next(closedGot).offset());

    closed.close();
    closed.close();
    BlockingQueue<Event> openGot = new LinkedBlockingQueue<>();
    topic.listen(openGot::add);
    topic.publish(event("after-close", 0));
    topic.publishLive(event("live-after-close", 0));

    assertEquals(List.of(2L, 0L), offsets(next(openGot, 2)));
    assertTrue(closedGot.isEmpty(), "the closed listener's thread ended before close returned");
  }

  @Test
  void closingTheRelayStopsItsListeners() throws Exception {
    AtomicReference<Thread> delivery = new AtomicReference<>();
    BlockingQueue<Event> got = new LinkedBlockingQueue<>();
    Listener listener =
        topic.listen(
            e -> {
              delivery.set(Thread.currentThread());
              got.add(e);
            });
    topic.publish(event("one", 0));
    next(got);

    relay.close();

    assertFalse(delivery.get().isAlive());
    listener.close();
    RelayClosedException e = assertThrows(RelayClosedException.class, () -> topic.listen(got::add));
    assertEquals("this EventRelay is closed", e.getMessage());
  }

  /**
   * Decided and documented: events published in the caller's transaction do not reach listeners,
   * since the relay does not see the caller commit.
   */
  @Test
  void eventsPublishedInTheCallersTransactionDoNotReachListeners() throws Exception {
    JdbcStorage storage = newDatabase().open();
    Topic shared = relay(storage).createTopic("orders");
    BlockingQueue<Event> got = new LinkedBlockingQueue<>();
    shared.listen(got::add);

    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      shared.publishAll(c, events("in-transaction", 2));
      c.commit();
      c.setAutoCommit(true);
    }
    shared.publish(event("after", 0));

    Event first = next(got);
    assertEquals("after", first.name());
    assertEquals(3, first.offset());
  }

  @Test
  void listenRejectsNullArgumentsAndDeletedTopics() {
    Consumer<Event> handler = e -> {};
    assertEquals(
        "filter",
        assertThrows(NullPointerException.class, () -> topic.listen(null, handler)).getMessage());
    assertEquals(
        "handler",
        assertThrows(NullPointerException.class, () -> topic.listen(Filter.all(), null))
            .getMessage());
    relay.deleteTopic("orders");
    assertEquals(
        "orders", assertThrows(UnknownTopicException.class, () -> topic.listen(handler)).topic());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
