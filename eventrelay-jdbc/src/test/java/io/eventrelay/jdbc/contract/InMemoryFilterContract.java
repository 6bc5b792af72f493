package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.FilterException;
import io.eventrelay.Job;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Filters that run only in memory ({@link Filter#of}): a queue reads past many pages of events that
 * do not match within one claim, keeps FIFO per group, replays only matches, shares its jobs
 * between relays; a predicate that throws fails the call and skips nothing; a subscription or queue
 * reopened with another filter is refused.
 */
abstract class InMemoryFilterContract extends QueueContractBase {
  /** Matches events whose data's {@code n} is above {@code min}. */
  static Filter above(int min) {
    return Filter.of("n above " + min, e -> n(e) > min);
  }

  static int n(Event e) {
    return e.data().get("n").asInt();
  }

  /** Publishes events with n = 1..count. */
  void publishNumbered(int count) {
    publish(count, i -> Event.builder("job").source("test").data(Map.of("n", i)).build());
  }

  @Test
  void oneClaimReadsPastManyPagesThatDoNotMatch() {
    publishNumbered(2500);
    Filter last = above(2490);
    JobQueue queue = relay.queue("jobs", "tail", options().filter(last).build());
    assertEquals(range(2491, 2500), offsetsOf(queue.claim(100)));
    assertEquals(List.of(), queue.claim(100));
    assertEquals(0, queue.stats().pending(), "the cursor reached the end");

    JobQueue fifo = relay.queue("jobs", "tail_fifo", options().filter(last).fifo(true).build());
    assertEquals(range(2491, 2500), offsetsOf(fifo.claim(100)));

    assertEquals(range(2491, 2500), offsets(jobs.read(1, 100, last)));
    try (Subscription s =
        relay.subscribe("jobs", "tail", SubscriptionOptions.builder().filter(last).build())) {
      assertEquals(range(2491, 2495), offsets(s.poll(5)));
      assertEquals(range(2496, 2500), offsets(s.poll(5)));
      assertEquals(List.of(), s.poll(5));
      s.commit(2500);
    }
  }

  @Test
  void fifoQueueHoldsLaterJobsOfAGroupBackWithAnInMemoryFilter() {
    publish(
        8,
        i ->
            Event.builder("job")
                .source("test")
                .groupKey(i % 2 == 0 ? "even" : "odd")
                .data(Map.of("n", i))
                .build());
    JobQueue queue = relay.queue("jobs", "fifo", options().filter(above(2)).fifo(true).build());
    List<Job> first = queue.claim(10);
    assertEquals(List.of(3L, 4L), offsetsOf(first), "one job per group");
    assertEquals(List.of(), queue.claim(10));
    queue.ack(first.get(0));
    assertEquals(List.of(5L), offsetsOf(queue.claim(10)));
  }

  @Test
  void replayPutsBackOnlyMatchingEvents() {
    publishNumbered(6);
    JobQueue queue =
        relay.queue(
            "jobs", "even", options().filter(Filter.of("even n", e -> n(e) % 2 == 0)).build());
    List<Job> all = queue.claim(10);
    assertEquals(List.of(2L, 4L, 6L), offsetsOf(all));
    all.forEach(queue::ack);
    assertEquals(3, queue.replay(1, 6));
    assertEquals(List.of(2L, 4L, 6L), offsetsOf(queue.claim(10)));
  }

  @Test
  void aPredicateThatThrowsFailsTheCallAndSkipsNothing() {
    publishNumbered(5);
    AtomicBoolean broken = new AtomicBoolean(true);
    Filter flaky =
        Filter.of(
            "flaky",
            e -> {
              if (broken.get() && n(e) == 3) {
                throw new IllegalStateException("cannot judge 3");
              }
              return true;
            });
    JobQueue queue = relay.queue("jobs", "flaky", options().filter(flaky).build());
    FilterException failed = assertThrows(FilterException.class, () -> queue.claim(10));
    assertEquals("flaky", failed.filter());
    assertEquals(3, failed.offset());
    assertTrue(failed.getMessage().contains("cannot judge 3"), failed.getMessage());
    assertThrows(FilterException.class, () -> jobs.read(1, 10, flaky));
    Subscription s =
        relay.subscribe("jobs", "flaky", SubscriptionOptions.builder().filter(flaky).build());
    assertThrows(FilterException.class, () -> s.poll(10));

    broken.set(false);
    assertEquals(range(1, 5), offsetsOf(queue.claim(10)), "the failed claim made no jobs");
    assertEquals(range(1, 5), offsets(s.poll(10)), "the failed poll moved nothing");
    s.close();
  }

  @Test
  void reopeningWithTheSameDescriptionKeepsTheQueueAndAnotherFilterIsRefused() {
    publishNumbered(3);
    JobQueue queue = relay.queue("jobs", "q", options().filter(above(1)).build());
    assertEquals(List.of(2L), offsetsOf(queue.claim(1)));
    JobQueue again = relay.queue("jobs", "q", options().filter(above(1)).build());
    assertEquals(List.of(3L), offsetsOf(again.claim(5)), "the same queue, position kept");

    assertRefused(
        "queue 'q' on topic 'jobs' exists with filter 'n above 1', not 'n above 2';"
            + " delete the queue to change it",
        () -> relay.queue("jobs", "q", options().filter(above(2)).build()));
    assertRefused(
        "queue 'q' on topic 'jobs' exists with filter 'n above 1', not 'data.n > 1';"
            + " delete the queue to change it",
        () -> relay.queue("jobs", "q", options().filter("data.n > 1").build()));
    relay.queue("jobs", "parsed", options().filter("data.n > 1").build());
    assertRefused(
        "queue 'parsed' on topic 'jobs' exists with filter 'data.n > 1', not 'data.n > 1';"
            + " delete the queue to change it",
        () ->
            relay.queue(
                "jobs", "parsed", options().filter(Filter.of("data.n > 1", e -> true)).build()));

    relay.subscribe("jobs", "s", SubscriptionOptions.builder().filter(above(1)).build()).close();
    relay.subscribe("jobs", "s", SubscriptionOptions.builder().filter(above(1)).build()).close();
    assertRefused(
        "subscription 's' on topic 'jobs' exists with filter 'n above 1', not 'n above 2';"
            + " delete it first (EventRelay.deleteSubscription) to change its filter",
        () -> relay.subscribe("jobs", "s", SubscriptionOptions.builder().filter(above(2)).build()));
  }

  @Test
  void workersOfTwoRelaysShareAQueueWithAnInMemoryFilterEachMatchOnce() throws Exception {
    Database db = newDatabase();
    EventRelay a = relay(db.open(), Clock.systemUTC());
    EventRelay b = relay(db.open(), Clock.systemUTC());
    a.createTopic("work");
    Filter odd = Filter.of("odd n", e -> n(e) % 2 == 1);
    QueueOptions opts = QueueOptions.builder().filter(odd).build();
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    AtomicInteger twice = new AtomicInteger();
    List<Worker> workers = new ArrayList<>();
    for (EventRelay r : List.of(a, b)) {
      workers.add(
          r.queue("work", "odd", opts)
              .worker(
                  job -> {
                    if (!handled.add(job.event().offset())) {
                      twice.incrementAndGet();
                    }
                  })
              .threads(2)
              .pollInterval(Duration.ofMillis(5))
              .start());
    }
    List<Event> batch = new ArrayList<>();
    for (int i = 1; i <= 3000; i++) {
      batch.add(Event.builder("job").source("test").data(Map.of("n", i)).build());
      if (batch.size() == 100) {
        (i % 200 == 0 ? a : b).topic("work").publishAll(batch);
        batch.clear();
      }
    }
    QueueHooksBase.await("1,500 odd jobs handled", () -> handled.size() == 1500);
    workers.forEach(Worker::close);
    assertEquals(0, twice.get(), "no job handled twice");
    assertTrue(handled.stream().allMatch(o -> o % 2 == 1), "only odd offsets");
    assertEquals(0, a.queue("work", "odd", opts).stats().pending());
  }

  private static void assertRefused(String message, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(message, e.getMessage());
  }
}
