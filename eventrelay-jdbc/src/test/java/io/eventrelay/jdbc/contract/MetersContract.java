package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.EventRelay;
import io.eventrelay.Job;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.JobQueue;
import io.eventrelay.Listener;
import io.eventrelay.QueueOptions;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.spi.RelayMeters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operational meters see the counts that the test's own work produced. */
abstract class MetersContract extends StorageContract {
  private final Recording meters = new Recording();
  private final MutableClock clock = MutableClock.at(T0);
  private EventRelay relay;
  private Topic orders;

  /** Counts every call by name; keeps the committed sizes and stream lags. */
  static final class Recording implements RelayMeters {
    final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    final List<Integer> committedSizes = new CopyOnWriteArrayList<>();
    final List<Long> lags = new CopyOnWriteArrayList<>();

    long count(String name) {
      AtomicLong n = counts.get(name);
      return n == null ? 0 : n.get();
    }

    private void add(String name, long n) {
      counts.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public void committed(int events, int topics, Duration duration) {
      committedSizes.add(events);
      add("committed.events", events);
      add("committed.topics", topics);
    }

    @Override
    public void claimed(String topic, String queue, int jobs, Duration duration) {
      add("claimed." + queue, jobs);
    }

    @Override
    public void acknowledged(String topic, String queue, int jobs) {
      add("acknowledged." + queue, jobs);
    }

    @Override
    public void failed(String topic, String queue) {
      add("failed." + queue, 1);
    }

    @Override
    public void deadLettered(String topic, String queue) {
      add("deadLettered." + queue, 1);
    }

    @Override
    public void leaseLost(String topic, String queue, int jobs) {
      add("leaseLost." + queue, jobs);
    }

    @Override
    public void listenerDropped(String topic) {
      add("listenerDropped." + topic, 1);
    }

    @Override
    public void streamLag(String topic, String subscription, long events) {
      lags.add(events);
    }
  }

  @BeforeEach
  void relayWithMeters() {
    JdbcStorage storage = newStorage();
    relay = track(EventRelay.builder().storage(storage).clock(clock).meters(meters), storage);
    orders = relay.createTopic("orders");
  }

  @Test
  void commitsAreCountedByEventsAndTopics() {
    orders.publish(event("a", 1));
    orders.publishAll(events("b", 4));

    assertEquals(List.of(1, 4), meters.committedSizes);
    assertEquals(5, meters.count("committed.events"));
    assertEquals(2, meters.count("committed.topics"));
  }

  @Test
  void claimsAcknowledgementsFailuresDeadLettersAndLostLeasesAreCounted() {
    orders.publishAll(events("order.placed", 4));
    JobQueue mailer =
        relay.queue("orders", "mailer", QueueOptions.builder().maxAttempts(2).build());

    List<Job> jobs = mailer.claim(3);
    mailer.ack(jobs.get(0));
    mailer.nack(jobs.get(1), Duration.ZERO, "smtp down"); // attempt 1 of 2: retried
    clock.advance(QueueOptions.DEFAULT_LEASE.plusSeconds(1));
    assertThrows(JobLeaseLostException.class, () -> mailer.ack(jobs.get(2)));
    List<Job> again = mailer.claim(3); // jobs 2 (retry) and 3 (lease ended), both attempt 2; 4
    for (Job job : again) {
      if (job.attempt() == 2) {
        mailer.nack(job, Duration.ZERO, "still down"); // the last attempt: dead letter
      } else {
        mailer.ack(job);
      }
    }

    assertEquals(6, meters.count("claimed.mailer"));
    assertEquals(2, meters.count("acknowledged.mailer"));
    assertEquals(1, meters.count("failed.mailer"));
    assertEquals(2, meters.count("deadLettered.mailer"));
    assertEquals(1, meters.count("leaseLost.mailer"));
  }

  @Test
  void aListenerThatFallsBehindCountsItsDroppedEvents() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Listener slow = orders.listen(e -> awaitQuietly(release));
    orders.publishAll(events("order.placed", Listener.QUEUE_CAPACITY + 10));
    release.countDown();

    assertEquals(slow.droppedCount(), meters.count("listenerDropped.orders"));
    assertTrue(slow.droppedCount() >= 9, "dropped " + slow.droppedCount());
  }

  @Test
  void aStreamHandlerReportsItsLagAfterEachBatch() throws Exception {
    orders.publishAll(events("order.placed", 250));
    CountDownLatch all = new CountDownLatch(250);
    try (Subscription billing =
        relay.subscribe(
            "orders", "billing", SubscriptionOptions.builder().batchSize(100).build())) {
      billing.start(e -> all.countDown());
      assertTrue(all.await(30, java.util.concurrent.TimeUnit.SECONDS));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!meters.lags.contains(0L) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }

    assertEquals(List.of(150L, 50L, 0L), meters.lags.subList(0, 3));
  }

  @Test
  void metersThatThrowNeverFailTheRelaysWork() {
    JdbcStorage storage = newStorage();
    RelayMeters broken =
        new RelayMeters() {
          @Override
          public void committed(int events, int topics, Duration duration) {
            throw new IllegalStateException("meter registry down");
          }
        };
    EventRelay other = track(EventRelay.builder().storage(storage).meters(broken), storage);
    Topic topic = other.createTopic("orders");

    assertEquals(1, topic.publish(event("a", 1)).offset());
    assertEquals(2, topic.publish(event("b", 2)).offset());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
