package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.EventHandler;
import io.eventrelay.EventRelay;
import io.eventrelay.RelayClosedException;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handlers: a subscription's own thread hands events to a handler in order, commits after it
 * succeeds, retries a failing call with backoff by the relay's clock without moving the cursor past
 * it, and, with two relays competing, processes every event in order, twice only after a crash.
 */
abstract class StreamHandlerContract extends StorageContract {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final SubscriptionOptions OPTIONS =
      SubscriptionOptions.builder()
          .pollInterval(Duration.ofMillis(5))
          .batchSize(10)
          .retryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(15))
          .build();

  final MutableClock clock = MutableClock.at(T0);
  final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "publishers did not stop");
  }

  @Test
  void handlerGetsEveryEventInOrderAndTheCursorFollows() throws Exception {
    EventRelay relay = relay(newStorage(), clock);
    Topic topic = relay.createTopic("orders");
    topic.publishAll(events("order.placed", 25));
    BlockingQueue<Long> handled = new LinkedBlockingQueue<>();
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);

    sub.start(e -> handled.add(e.offset()));
    assertEquals(range(1, 25), take(handled, 25));
    topic.publishAll(events("order.placed", 3));
    assertEquals(range(26, 28), take(handled, 3), "woken by the new events");

    awaitValue(28, sub::committed);
    assertThrows(IllegalStateException.class, () -> sub.poll(1));
    assertThrows(IllegalStateException.class, () -> sub.commit(28));
    assertThrows(IllegalStateException.class, () -> sub.start(e -> {}));
    sub.close();
    assertEquals(List.of(), List.copyOf(handled), "nothing handled twice");
  }

  @Test
  void failingHandlerIsRetriedWithBackoffAndTheCursorStaysBeforeTheFailingEvent() throws Exception {
    EventRelay relay = relay(newStorage(), clock);
    relay.createTopic("orders").publishAll(events("order.placed", 5));
    BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    int[] failuresLeft = {2};
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);

    sub.start(
        e -> {
          long secondsIn = Duration.between(T0, clock.instant()).toSeconds();
          calls.add(e.offset() + "@" + secondsIn);
          if (e.offset() == 3 && failuresLeft[0]-- > 0) {
            if (failuresLeft[0] == 0) {
              throw new AssertionError("an Error from the handler is retried like any failure");
            }
            throw new IllegalStateException("downstream unavailable");
          }
        });

    assertEquals(List.of("1@0", "2@0", "3@0"), take(calls, 3));
    awaitValue(2, sub::committed);
    clock.advance(Duration.ofSeconds(9));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("3@10"), take(calls, 1), "retried once the first delay passed");
    assertEquals(2, sub.committed());
    clock.advance(Duration.ofSeconds(15)); // doubled to 20 s, capped at 15 s
    assertEquals(List.of("3@25", "4@25", "5@25"), take(calls, 3));
    awaitValue(5, sub::committed);
  }

  @Test
  void seekWhileAHandlerRunsReplaysFromThere() throws Exception {
    EventRelay relay = relay(newStorage(), clock);
    relay.createTopic("orders").publishAll(events("order.placed", 6));
    BlockingQueue<Long> handled = new LinkedBlockingQueue<>();
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);
    sub.start(e -> handled.add(e.offset()));
    assertEquals(range(1, 6), take(handled, 6));
    awaitValue(6, sub::committed);

    sub.seek(4);

    assertEquals(range(4, 6), take(handled, 3));
    awaitValue(6, sub::committed);
  }

  @Test
  void closeFromInsideTheHandlerCommitsTheCallItMadeAndReleasesTheLease() throws Exception {
    EventRelay relay = relay(newStorage(), clock);
    relay.createTopic("orders").publishAll(events("order.placed", 5));
    BlockingQueue<Long> handled = new LinkedBlockingQueue<>();
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);

    sub.start(
        e -> {
          handlerThread.set(Thread.currentThread());
          handled.add(e.offset());
          if (e.offset() == 3) {
            sub.close(); // returns at once: the loop finishes closing once this call returns
          }
        });

    assertEquals(range(1, 3), take(handled, 3));
    handlerThread.get().join(WAIT.toMillis());
    assertFalse(handlerThread.get().isAlive(), "the handler's thread stopped");
    Subscription next = relay.subscribe("orders", "billing", OPTIONS);
    assertEquals(3, next.committed(), "the call that closed it completed, and was committed");
    assertEquals(List.of(4L, 5L), offsets(next.poll(10)), "the lease was released");
    assertEquals(List.of(), List.copyOf(handled));
  }

  @Test
  void closeWaitsForAStuckHandlerCallAtMostTheLeaseDuration() throws Exception {
    EventRelay relay = relay(newStorage(), clock);
    relay.createTopic("orders").publishAll(events("order.placed", 2));
    SubscriptionOptions shortLease =
        SubscriptionOptions.builder()
            .leaseDuration(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(5))
            .build();
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch unstick = new CountDownLatch(1);
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    Subscription sub = relay.subscribe("orders", "billing", shortLease);
    sub.start(
        e -> {
          handlerThread.set(Thread.currentThread());
          stuck.countDown();
          unstick.await();
        });
    assertTrue(stuck.await(WAIT.toSeconds(), TimeUnit.SECONDS));

    Thread closing = new Thread(sub::close, "closing");
    try {
      closing.start();
      closing.join(WAIT.toMillis());
      assertFalse(closing.isAlive(), "close gave up waiting after the lease duration");
      assertTrue(handlerThread.get().isAlive(), "the call is still stuck");
    } finally {
      unstick.countDown();
    }
    handlerThread.get().join(WAIT.toMillis());
    assertFalse(handlerThread.get().isAlive(), "the thread stopped once the call returned");
    Subscription next = relay.subscribe("orders", "billing", shortLease);
    assertEquals(0, next.committed(), "nothing committed after close");
    assertEquals(List.of(1L, 2L), offsets(next.poll(10)), "the lease was released at the end");
  }

  @Test
  void gracefulHandoverBetweenRelaysProcessesEveryEventExactlyOnceInOrder() throws Exception {
    Database db = newDatabase();
    EventRelay relayA = relay(db.open(), clock);
    EventRelay relayB = relay(db.open(), clock);
    relayA.createTopic("orders");
    int total = 300;
    long closeAt = total / 2;
    List<Long> handledA = Collections.synchronizedList(new ArrayList<>());
    List<Long> handledB = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Subscription subA = relayA.subscribe("orders", "billing", OPTIONS);
    Subscription subB = relayB.subscribe("orders", "billing", OPTIONS);
    relayA.topic("orders").publish(event("first", 0));
    subA.start(
        e -> {
          handledA.add(e.offset());
          if (e.offset() == closeAt) {
            halfway.countDown();
            resume.await(); // A is in a call when close begins; close waits for it
          }
        });
    awaitValue(1, () -> handledA.size());
    subB.start(recordingHandler(handledB, total, done));

    List<Future<?>> publishers = publish(relayA, relayB, total - 1);
    Thread closing = new Thread(subA::close, "closing-A"); // commits what A handled, releases
    try {
      assertTrue(halfway.await(WAIT.toSeconds(), TimeUnit.SECONDS), "A reached " + closeAt);
      closing.start();
      awaitClosing(subA);
    } finally {
      resume.countDown();
    }
    closing.join(WAIT.toMillis());
    assertFalse(closing.isAlive(), "close returned once A's call returned");
    assertTrue(
        done.await(WAIT.toSeconds(), TimeUnit.SECONDS),
        "B took over and finished; B handled " + handledB.size());
    for (Future<?> p : publishers) {
      p.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    assertEquals(range(1, closeAt), handledA, "A stopped after the call close waited for");
    List<Long> all = new ArrayList<>(handledA);
    all.addAll(handledB);
    assertEquals(range(1, total), all);
    awaitValue(total, subB::committed);
  }

  @Test
  void afterACrashOnlyTheCrashedConsumersUncommittedEventsAreHandledTwice() throws Exception {
    Database db = newDatabase();
    EventRelay relayA = relay(db.open(), clock);
    EventRelay relayB = relay(db.open(), clock);
    relayA.createTopic("orders");
    int total = 300;
    long hangAt = 95;
    List<Long> handledA = Collections.synchronizedList(new ArrayList<>());
    List<Long> handledB = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch unhang = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Subscription subA = relayA.subscribe("orders", "billing", OPTIONS);
    Subscription subB = relayB.subscribe("orders", "billing", OPTIONS);
    relayA.topic("orders").publish(event("first", 0));
    subA.start(
        e -> {
          if (e.offset() == hangAt) {
            hung.countDown();
            unhang.await(); // the process stops answering: no heartbeat, no commit
          }
          handledA.add(e.offset());
        });
    awaitValue(1, () -> handledA.size());
    subB.start(recordingHandler(handledB, total, done));

    List<Future<?>> publishers = publish(relayA, relayB, total - 1);
    assertTrue(hung.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    long cursorAtCrash = subA.committed();
    clock.advance(SubscriptionOptions.DEFAULT_LEASE_DURATION.plusSeconds(1));
    assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS), "B took over and finished");
    for (Future<?> p : publishers) {
      p.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    unhang.countDown();
    subA.close(); // A finds it lost the lease and stops

    assertTrue(cursorAtCrash < hangAt, "A had not committed the event it hung on");
    assertEquals(range(1, hangAt), handledA);
    assertEquals(range(cursorAtCrash + 1, total), handledB);
    awaitValue(total, subB::committed);
  }

  /** Records offsets; counts {@code latch} down once it handled offset {@code until}. */
  static EventHandler recordingHandler(List<Long> handled, long until, CountDownLatch latch) {
    return e -> {
      handled.add(e.offset());
      if (e.offset() >= until) {
        latch.countDown();
      }
    };
  }

  /** Two publishers, one per relay, publishing {@code count} events between them in batches. */
  List<Future<?>> publish(EventRelay a, EventRelay b, int count) {
    return List.of(
        pool.submit(() -> StreamLeaseContract.publishInBatches(a, count / 2)),
        pool.submit(() -> StreamLeaseContract.publishInBatches(b, count - count / 2)));
  }

  /** Takes {@code n} items, waiting for each up to {@link #WAIT}. */
  static <T> List<T> take(BlockingQueue<T> queue, int n) throws InterruptedException {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (item == null) {
        throw new AssertionError(
            "waited " + WAIT + " for item " + (i + 1) + " of " + n + ": " + out);
      }
      out.add(item);
    }
    return out;
  }

  /**
   * Waits until {@code sub} is closing (close runs on another thread, and the subscription's
   * methods throw {@link RelayClosedException}); fails after WAIT.
   */
  static void awaitClosing(Subscription sub) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        sub.committed();
      } catch (RelayClosedException closing) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(sub + " did not start closing within " + WAIT);
      }
      Thread.sleep(2);
    }
  }

  /**
   * Waits until {@code actual} reports {@code expected} (work of another thread); fails after WAIT.
   */
  static void awaitValue(long expected, LongSupplier actual) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    long last;
    while ((last = actual.getAsLong()) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + expected + " within " + WAIT + " but was " + last);
      }
      Thread.sleep(2);
    }
  }
}
