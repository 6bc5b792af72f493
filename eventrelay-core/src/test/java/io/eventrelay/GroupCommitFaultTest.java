package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What group commit does when its storage fails: no caller waits forever, none is misinformed. */
class GroupCommitFaultTest {
  private static final int PUBLISHERS = 16;

  private final MemoryStorage storage = new MemoryStorage();
  private final EventRelay relay = EventRelay.builder().storage(storage).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + 1);
  private final Topic topic = relay.createTopic("t");

  @AfterEach
  void stop() {
    pool.shutdownNow();
    relay.close();
  }

  private static Event event(String name) {
    return Event.builder(name).source("test").data("{}").build();
  }

  /** Starts one publish that blocks inside the storage until {@code release} opens. */
  private Future<Event> blockedPublish(CountDownLatch release) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    storage.beforeAppend =
        events -> {
          if (started.getCount() == 1) {
            started.countDown();
            await(release);
          }
        };
    Future<Event> first = pool.submit(() -> topic.publish(event("first")));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    return first;
  }

  private List<Future<Event>> queuePublishers(int n) {
    List<Future<Event>> queued = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      queued.add(pool.submit(() -> topic.publish(event("queued"))));
    }
    while (relay.groupCommitter().queued() < n) {
      Thread.onSpinWait();
    }
    return queued;
  }

  @Test
  void aTransientFailureFailsTheWholeGroupWithOneAttempt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Event> first = blockedPublish(release);
    List<Future<Event>> queued = queuePublishers(PUBLISHERS - 1);
    StorageException down = new StorageException("connection lost", null, true);
    storage.afterAppend = events -> {};
    storage.beforeAppend =
        events -> {
          throw down;
        };
    int attemptsBefore = storage.appendAttempts.get();
    release.countDown();

    assertEquals(1, first.get(10, TimeUnit.SECONDS).offset());
    for (Future<Event> f : queued) {
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      assertSame(down, e.getCause());
    }
    assertEquals(1, storage.appendAttempts.get() - attemptsBefore, "one attempt for the group");
  }

  @Test
  void aFailureThatIsNotARuntimeExceptionCompletesEveryCallerAndTheRelayGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Event> first = blockedPublish(release);
    List<Future<Event>> queued = queuePublishers(4);
    storage.beforeAppend =
        events -> {
          throw new AssertionError("an Error inside the storage");
        };
    release.countDown();

    first.get(10, TimeUnit.SECONDS);
    for (Future<Event> f : queued) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, SECONDS));
      assertTrue(
          e.getCause() instanceof StorageException || e.getCause() instanceof AssertionError,
          String.valueOf(e.getCause()));
    }
    storage.beforeAppend = events -> {};
    assertEquals(2, topic.publish(event("after")).offset());
  }

  @Test
  void anInterruptedWaitingPublisherGetsAnExceptionAndNothingIsStored() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Event> first = blockedPublish(release);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread waiter =
        new Thread(
            () -> {
              try {
                topic.publish(event("interrupted"));
              } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              }
            });
    waiter.start();
    while (relay.groupCommitter().queued() < 1) {
      Thread.onSpinWait();
    }
    waiter.interrupt();
    waiter.join(10_000);

    assertFalse(waiter.isAlive(), "the interrupted publisher returned while the commit is stuck");
    assertInstanceOf(EventRelayException.class, thrown.get());
    assertTrue(stillInterrupted.get(), "the interrupt status is kept");
    release.countDown();
    assertEquals(1, first.get(10, TimeUnit.SECONDS).offset());
    assertEquals(2, topic.publish(event("next")).offset(), "the interrupted event was not stored");
    assertEquals(List.of("first", "next"), topic.read(1, 10).stream().map(Event::name).toList());
  }

  @Test
  void aCommitThatFailedInFlightButWentThroughIsReportedAsStored() {
    topic.publish(event("before"));
    AtomicBoolean failOnce = new AtomicBoolean(true);
    storage.afterAppend =
        events -> {
          if (failOnce.getAndSet(false)) {
            throw new OutcomeUnknownException("connection lost during COMMIT", null);
          }
        };

    Event stored = topic.publish(event("in-flight"));

    assertEquals(2, stored.offset());
    assertEquals(2, topic.lastOffset(), "stored once");
  }

  @Test
  void aCommitThatFailedInFlightAndDidNotGoThroughIsReportedAsFailed() {
    storage.beforeAppend =
        events -> {
          throw new OutcomeUnknownException("connection lost during COMMIT", null);
        };

    StorageException e = assertThrows(StorageException.class, () -> topic.publish(event("lost")));

    assertFalse(e instanceof OutcomeUnknownException, "the lookup settled it: " + e);
    assertTrue(e.isTransient());
    assertTrue(e.getMessage().contains("were not stored"), e.getMessage());
    assertEquals(0, topic.lastOffset());
  }

  @Test
  void aLookupThatKeepsFailingLeavesTheOutcomeUnknown() {
    storage.afterAppend =
        events -> {
          throw new OutcomeUnknownException("connection lost during COMMIT", null);
        };
    storage.beforeLookup =
        events -> {
          throw new IllegalArgumentException("not a storage failure: the lookup is refused");
        };

    OutcomeUnknownException e =
        assertThrows(OutcomeUnknownException.class, () -> topic.publish(event("unknown")));
    assertEquals(1, e.getSuppressed().length);
  }

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
