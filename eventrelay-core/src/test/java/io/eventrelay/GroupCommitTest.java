package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final EventRelay relay = EventRelay.builder().storage(storage).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(12);

  @AfterEach
  void stop() {
    pool.shutdownNow();
    relay.close();
  }

  private static Event event(String name) {
    return Event.builder(name).source("test").data("{}").build();
  }

  @Test
  void publishesQueuedWhileACommitRunsAreCommittedTogether() throws Exception {
    Topic topic = relay.createTopic("t");
    CountDownLatch firstAppendStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    storage.beforeAppend =
        events -> {
          if (firstAppendStarted.getCount() == 1) {
            firstAppendStarted.countDown();
            await(releaseFirst);
          }
        };
    Future<Event> first = pool.submit(() -> topic.publish(event("first")));
    assertTrue(firstAppendStarted.await(10, TimeUnit.SECONDS));
    List<Future<Event>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      queued.add(pool.submit(() -> topic.publish(event("queued-" + n))));
    }
    // Let the ten callers queue behind the blocked commit, then release it.
    while (relayQueueLength() < 10) {
      Thread.onSpinWait();
    }
    releaseFirst.countDown();

    assertEquals(1, first.get(10, TimeUnit.SECONDS).offset());
    Set<Long> offsets = new HashSet<>();
    for (Future<Event> f : queued) {
      offsets.add(f.get(10, TimeUnit.SECONDS).offset());
    }
    assertEquals(Set.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), offsets);
    assertEquals(List.of(1, 10), storage.appendSizes);
  }

  @Test
  void aFailingRequestInASharedCommitFailsOnlyItsOwnCaller() throws Exception {
    Topic good = relay.createTopic("good");
    Topic doomed = relay.createTopic("doomed");
    CountDownLatch firstAppendStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    storage.beforeAppend =
        events -> {
          if (firstAppendStarted.getCount() == 1) {
            firstAppendStarted.countDown();
            await(releaseFirst);
          }
        };
    Future<Event> blocker = pool.submit(() -> good.publish(event("blocker")));
    assertTrue(firstAppendStarted.await(10, TimeUnit.SECONDS));
    Future<Event> ok1 = pool.submit(() -> good.publish(event("ok1")));
    Future<Event> bad = pool.submit(() -> doomed.publish(event("bad")));
    Future<Event> ok2 = pool.submit(() -> good.publish(event("ok2")));
    while (relayQueueLength() < 3) {
      Thread.onSpinWait();
    }
    relay.deleteTopic("doomed");
    releaseFirst.countDown();

    blocker.get(10, TimeUnit.SECONDS);
    assertEquals(Set.of(2L, 3L), Set.of(ok1.get().offset(), ok2.get().offset()));
    ExecutionException failure =
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, bad::get);
    assertInstanceOf(UnknownTopicException.class, failure.getCause());
    assertEquals(3, good.lastOffset());
  }

  private int relayQueueLength() {
    return relay.groupCommitter().queued();
  }

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
