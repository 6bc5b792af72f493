package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueStats;
import io.eventrelay.RelayClosedException;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import io.eventrelay.Worker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Closing a relay under load: bounded, and nothing acknowledged is lost or stored twice. */
abstract class CloseContract extends StorageContract {
  private static final int PUBLISHERS = 6;

  @Test
  void closeUnderLoadReturnsPromptlyAndKeepsEveryAcknowledgedPublishOnce() throws Exception {
    Database db = newDatabase();
    EventRelay relay = EventRelay.builder().storage(db.open()).build();
    Topic topic = relay.createTopic("orders");
    JobQueue queue = relay.queue("orders", "mailer");
    Worker worker = queue.worker(job -> {}).threads(2).start();
    Subscription billing = relay.subscribe("orders", "billing", SubscriptionOptions.defaults());
    billing.start(event -> {});

    ConcurrentLinkedQueue<UUID> acknowledged = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger published = new AtomicInteger();
    List<Thread> publishers = new ArrayList<>();
    for (int p = 0; p < PUBLISHERS; p++) {
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  try {
                    acknowledged.add(topic.publish(event("order.placed", 1)).id());
                    published.incrementAndGet();
                  } catch (RuntimeException e) {
                    failures.add(e);
                    return;
                  }
                }
              });
      t.start();
      publishers.add(t);
    }
    awaitValue(true, () -> published.get() >= 300);

    long started = System.nanoTime();
    relay.close();
    long closeMillis = (System.nanoTime() - started) / 1_000_000;
    for (Thread t : publishers) {
      t.join(10_000);
      assertFalse(t.isAlive(), "a publisher is stuck after close");
    }

    assertTrue(closeMillis < 15_000, "close took " + closeMillis + " ms");
    assertFalse(worker.isRunning(), "closing the relay stopped its worker");
    assertEquals(PUBLISHERS, failures.size());
    for (Throwable f : failures) {
      assertTrue(f instanceof RelayClosedException, "only 'closed' after close: " + f);
    }
    try (EventRelay reopened = EventRelay.builder().storage(db.open()).build()) {
      QueueStats stats = reopened.queue("orders", "mailer").stats();
      assertEquals(0, stats.inFlight(), "close acknowledged finished jobs and released the rest");
      List<Event> stored = readAll(reopened.topic("orders"));
      Set<UUID> ids = new HashSet<>();
      stored.forEach(e -> ids.add(e.id()));
      assertEquals(stored.size(), ids.size(), "no event stored twice");
      assertTrue(ids.containsAll(acknowledged), "every acknowledged publish is stored");
      assertEquals(acknowledged.size(), stored.size(), "nothing stored that was not acknowledged");
    }
  }

  /** Polls {@code value} until it equals {@code expected}; fails after 30 s. */
  static <T> void awaitValue(T expected, java.util.function.Supplier<T> value) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!expected.equals(value.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + expected + " but was " + value.get());
      }
      Thread.onSpinWait();
    }
  }
}
