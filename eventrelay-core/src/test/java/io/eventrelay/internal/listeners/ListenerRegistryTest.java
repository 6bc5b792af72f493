package io.eventrelay.internal.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.Listener;
import io.eventrelay.RelayClosedException;
import io.eventrelay.spi.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerRegistryTest {
  private static final int CAPACITY = 3;
  private final ListenerRegistry registry = new ListenerRegistry(CAPACITY);

  @AfterEach
  void closeAll() {
    registry.closeAll();
  }

  private static Event event(String topic, String identifier, long offset, String name) {
    return Event.fromRecord(
        new EventRecord(
            UUID.randomUUID(),
            topic,
            identifier,
            offset,
            name,
            "test",
            "{\"n\":" + offset + "}",
            null,
            Instant.EPOCH,
            null,
            Instant.EPOCH,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  private static Event event(long offset) {
    return event("orders", null, offset, "order.placed");
  }

  /** A handler that records each event's offset. */
  private static Consumer<Event> into(BlockingQueue<Long> offsets) {
    return e -> offsets.add(e.offset());
  }

  private static Long next(BlockingQueue<Long> offsets) throws InterruptedException {
    Long offset = offsets.poll(10, TimeUnit.SECONDS);
    assertNotNull(offset, "no event within 10 s");
    return offset;
  }

  @Test
  void deliversEventsOfItsTopicInDispatchOrder() throws Exception {
    BlockingQueue<Long> got = new LinkedBlockingQueue<>();
    registry.add("orders", null, Filter.all(), into(got));
    registry.dispatch(event(1));
    registry.dispatch(event("payments", null, 7, "payment.made"));
    registry.dispatch(event(2));

    assertEquals(1L, next(got));
    assertEquals(2L, next(got));
    assertTrue(got.isEmpty());
  }

  @Test
  void deliversOnlyEventsMatchingTheFilterAndTheIdentifier() throws Exception {
    BlockingQueue<Long> got = new LinkedBlockingQueue<>();
    registry.add("orders", "eu", Filter.parse("name == 'order.placed'"), into(got));
    registry.dispatch(event("orders", "eu", 1, "order.cancelled"));
    registry.dispatch(event("orders", "us", 2, "order.placed"));
    registry.dispatch(event("orders", null, 3, "order.placed"));
    registry.dispatch(event("orders", "eu", 4, "order.placed"));

    assertEquals(4L, next(got));
    assertTrue(got.isEmpty());
  }

  @Test
  void filterRunsOnTheListenersThreadSoASlowOrFailingOneNeverHoldsUpDispatch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<String> filteredOn = new LinkedBlockingQueue<>();
    BlockingQueue<Long> got = new LinkedBlockingQueue<>();
    Listener listener =
        registry.add(
            "orders",
            null,
            e -> {
              filteredOn.add(Thread.currentThread().getName());
              if (e.offset() == 1) {
                await(release); // a slow filter
              }
              if (e.offset() == 2) {
                throw new IllegalStateException("filter failure on purpose");
              }
              return true;
            },
            "slow-then-failing",
            into(got));

    registry.dispatch(event(1)); // returns at once, though the filter of event 1 waits
    registry.dispatch(event(2));
    registry.dispatch(event(3));
    String firstFilteredOn = filteredOn.poll(10, TimeUnit.SECONDS);
    release.countDown();

    assertEquals(listener.toString(), firstFilteredOn);
    assertEquals(List.of(1L, 3L), List.of(next(got), next(got)), "event 2's filter threw");
    assertEquals(List.of(listener.toString(), listener.toString()), List.copyOf(filteredOn));
    assertEquals(0, listener.droppedCount());
  }

  @Test
  void listensIsTrueOnlyWhileTheTopicHasAnOpenListener() {
    assertFalse(registry.listens("orders"));
    Listener listener = registry.add("orders", null, Filter.all(), e -> {});
    assertTrue(registry.listens("orders"));
    assertFalse(registry.listens("payments"));
    listener.close();
    assertFalse(registry.listens("orders"));
  }

  @Test
  void fullQueueDropsAndCountsEventsForThatListenerOnly() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstTaken = new CountDownLatch(1);
    BlockingQueue<Long> slow = new LinkedBlockingQueue<>();
    BlockingQueue<Long> fast = new LinkedBlockingQueue<>();
    Listener slowListener =
        registry.add(
            "orders",
            null,
            Filter.all(),
            e -> {
              firstTaken.countDown();
              await(release);
              slow.add(e.offset());
            });
    Listener fastListener = registry.add("orders", null, Filter.all(), into(fast));

    registry.dispatch(event(1));
    assertTrue(firstTaken.await(10, TimeUnit.SECONDS));
    assertEquals(1L, next(fast));
    for (long offset = 2; offset <= 6; offset++) {
      registry.dispatch(event(offset));
      assertEquals(offset, next(fast), "the fast listener keeps up meanwhile");
    }

    // Event 1 is in the handler, 2..4 fill the queue of 3, 5 and 6 were dropped.
    assertEquals(2, slowListener.droppedCount());
    assertEquals(0, fastListener.droppedCount());
    release.countDown();
    assertEquals(List.of(1L, 2L, 3L, 4L), List.of(next(slow), next(slow), next(slow), next(slow)));
    registry.dispatch(event(7));
    assertEquals(7L, next(slow), "a drained queue accepts events again");
    assertEquals(2, slowListener.droppedCount());
  }

  @Test
  void handlerThatThrowsGetsTheNextEvent() throws Exception {
    BlockingQueue<Long> got = new LinkedBlockingQueue<>();
    registry.add(
        "orders",
        null,
        Filter.all(),
        e -> {
          got.add(e.offset());
          if (e.offset() == 1) {
            throw new IllegalStateException("handler failure");
          }
          if (e.offset() == 2) {
            throw new AssertionError("handler assertion");
          }
        });
    registry.dispatch(event(1));
    registry.dispatch(event(2));
    registry.dispatch(event(3));

    assertEquals(List.of(1L, 2L, 3L), List.of(next(got), next(got), next(got)));
  }

  @Test
  void closeWaitsForTheCallInProgressAndDiscardsQueuedEvents() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<Long> got = new LinkedBlockingQueue<>();
    AtomicReference<Thread> deliveryThread = new AtomicReference<>();
    Listener listener =
        registry.add(
            "orders",
            null,
            Filter.all(),
            e -> {
              deliveryThread.set(Thread.currentThread());
              inHandler.countDown();
              await(release);
              got.add(e.offset());
            });
    registry.dispatch(event(1));
    registry.dispatch(event(2));
    assertTrue(inHandler.await(10, TimeUnit.SECONDS));

    Thread closer = new Thread(listener::close);
    closer.start();
    while (registry.listens("orders")) {
      Thread.onSpinWait(); // until close() has begun
    }
    release.countDown();
    closer.join(10_000);

    assertFalse(closer.isAlive(), "close returned once the call in progress did");
    assertFalse(deliveryThread.get().isAlive());
    assertEquals(List.of(1L), List.copyOf(got), "event 2, still queued, was discarded");
    registry.dispatch(event(3));
    assertFalse(registry.listens("orders"));
    assertEquals(List.of(1L), List.copyOf(got));
    listener.close();
  }

  @Test
  void handlerMayCloseItsOwnListener() throws Exception {
    AtomicReference<Listener> self = new AtomicReference<>();
    BlockingQueue<Long> got = new LinkedBlockingQueue<>();
    CountDownLatch registered = new CountDownLatch(1);
    self.set(
        registry.add(
            "orders",
            null,
            Filter.all(),
            e -> {
              await(registered);
              self.get().close();
              got.add(e.offset());
            }));
    registered.countDown();
    registry.dispatch(event(1));
    assertEquals(1L, next(got));

    registry.dispatch(event(2));
    assertNull(got.poll(), "closed from within its handler, it takes no further event");
    assertFalse(registry.listens("orders"));
  }

  @Test
  void closeAllStopsEveryListenerAndRefusesNewOnes() {
    AtomicReference<Thread> delivery = new AtomicReference<>();
    CountDownLatch delivered = new CountDownLatch(1);
    Listener listener =
        registry.add(
            "orders",
            null,
            Filter.all(),
            e -> {
              delivery.set(Thread.currentThread());
              delivered.countDown();
            });
    registry.dispatch(event(1));
    await(delivered);

    registry.closeAll();

    assertFalse(delivery.get().isAlive());
    assertFalse(registry.listens("orders"));
    RelayClosedException e =
        assertThrows(
            RelayClosedException.class, () -> registry.add("orders", null, Filter.all(), x -> {}));
    assertEquals("this EventRelay is closed", e.getMessage());
    listener.close();
  }

  @Test
  void queueCapacityMustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ListenerRegistry(0));
    assertEquals("queueCapacity must be at least 1 (was 0)", e.getMessage());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "latch not released within 10 s");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
