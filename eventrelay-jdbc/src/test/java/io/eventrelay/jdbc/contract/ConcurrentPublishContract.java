package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The key guarantee: offsets are dense and commit-ordered per topic, however many threads and
 * relays publish at once; and group commit gives every caller its own stored offset.
 */
abstract class ConcurrentPublishContract extends StorageContract {
  static final int THREADS_PER_RELAY = 8;
  static final int EVENTS_PER_THREAD = 250;
  static final int TOTAL = 2 * THREADS_PER_RELAY * EVENTS_PER_THREAD;
  static final Duration TIME_LIMIT = Duration.ofSeconds(60);

  @Test
  void followerNeverSeesAGapWhileTwoRelaysPublishAndTheTopicEndsDense() throws Exception {
    Database db = newDatabase();
    List<EventRelay> publishers = List.of(relay(db.open()), relay(db.open()));
    Topic follower = relay(db.open()).createTopic("dense");
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_RELAY + 1);
    long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<List<Event>>>> threads = new ArrayList<>();
      for (int r = 0; r < publishers.size(); r++) {
        Topic topic = publishers.get(r).topic("dense");
        for (int t = 0; t < THREADS_PER_RELAY; t++) {
          long seed = 1000L * r + t;
          threads.add(pool.submit(() -> publishMixed(topic, seed, EVENTS_PER_THREAD, start)));
        }
      }
      Future<List<UUID>> followed = pool.submit(() -> follow(follower, TOTAL, deadline));
      start.countDown();

      List<List<Event>> calls = new ArrayList<>();
      for (Future<List<List<Event>>> f : threads) {
        List<List<Event>> own = f.get(remaining(deadline), TimeUnit.NANOSECONDS);
        assertAscending(own);
        calls.addAll(own);
      }
      List<UUID> seenByFollower = followed.get(remaining(deadline), TimeUnit.NANOSECONDS);

      List<Event> all = readAll(follower);
      assertEquals(range(1, TOTAL), offsets(all), "the topic holds offsets 1..N, nothing else");
      List<UUID> ids = all.stream().map(Event::id).toList();
      assertEquals(TOTAL, new HashSet<>(ids).size(), "no event is stored twice");
      assertEquals(ids, seenByFollower, "the follower saw exactly the final log, in order");
      int acknowledged = 0;
      for (List<Event> call : calls) {
        for (int i = 0; i < call.size(); i++) {
          Event e = call.get(i);
          assertEquals(e.id(), all.get((int) e.offset() - 1).id(), "publish returned " + e);
          assertEquals(call.get(0).offset() + i, e.offset(), "a batch has consecutive offsets");
          acknowledged++;
        }
      }
      assertEquals(TOTAL, acknowledged);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "publisher threads did not stop");
    }
  }

  @Test
  void concurrentSinglePublishesOnOneRelayEachReturnTheirOwnStoredOffset() throws Exception {
    Topic topic = relay().createTopic("group");
    int threads = 16;
    int perThread = 100;
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<List<Event>>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(
          () -> {
            start.await();
            List<Event> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              mine.add(topic.publish(event("t" + thread, i)));
            }
            return mine;
          });
    }

    List<List<Event>> results = runAll(tasks, start);

    List<Event> all = readAll(topic);
    assertEquals(range(1, threads * perThread), offsets(all));
    Set<Long> returned = new HashSet<>();
    for (List<Event> mine : results) {
      for (Event e : mine) {
        assertTrue(returned.add(e.offset()), "offset returned twice: " + e.offset());
        Event stored = all.get((int) e.offset() - 1);
        assertEquals(e, stored, "publish returned the event as stored");
      }
      assertAscending(mine.stream().map(List::of).toList());
    }
  }

  @Test
  void publishersWaitingForTheTopicLockAreCommittedTogether() throws Exception {
    Database db = newDatabase();
    CountingClock clock = new CountingClock(T0);
    JdbcStorage storage = db.open();
    Topic topic = relay(storage, clock).createTopic("coalesce");
    int threads = 16;
    List<Callable<Event>> tasks = new ArrayList<>();
    List<Event> returned = new ArrayList<>();
    try (Connection holder = storage.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      // An open outbox transaction holds the topic's offset lock until it ends.
      topic.publishAll(holder, List.of(event("held", 0)));
      // Each publisher reads the clock once when validated; the first to commit reads it again.
      CountDownLatch queued = clock.latchAfter(threads + 1);
      for (int t = 0; t < threads; t++) {
        int n = t;
        tasks.add(() -> topic.publish(event("waiting", n)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Event>> futures = tasks.stream().map(pool::submit).toList();
        assertTrue(queued.await(30, TimeUnit.SECONDS), "publishers did not reach the commit");
        holder.rollback();
        // On SQLite the driver begins the next transaction at once; end it to free the lock.
        holder.setAutoCommit(true);
        for (Future<Event> f : futures) {
          returned.add(f.get(30, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
    }

    assertEquals(range(1, threads), offsets(readAll(topic)), "the rolled-back batch left no gap");
    Set<Instant> commits = new HashSet<>();
    returned.forEach(e -> commits.add(e.recordedAt()));
    // Expected: 2, the first publisher's commit alone, then one commit of all the others; 3 if
    // one thread was descheduled between its validation and joining the queue.
    assertTrue(commits.size() <= 3, threads + " publishers took " + commits.size() + " commits");
  }

  /** Publishes {@code count} events in a seeded mix of single events and batches of 2 to 6. */
  static List<List<Event>> publishMixed(Topic topic, long seed, int count, CountDownLatch start)
      throws InterruptedException {
    start.await();
    Random random = new Random(seed);
    List<List<Event>> calls = new ArrayList<>();
    int sent = 0;
    while (sent < count) {
      int size = random.nextBoolean() ? 1 : Math.min(count - sent, 2 + random.nextInt(5));
      List<Event> drafts = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        drafts.add(
            Event.builder("e")
                .source("s" + seed)
                .data(Map.of("seed", seed, "n", sent + i))
                .build());
      }
      calls.add(size == 1 ? List.of(topic.publish(drafts.get(0))) : topic.publishAll(drafts));
      sent += size;
    }
    return calls;
  }

  /**
   * Follows the topic from offset 1 until it has seen {@code total} events, checking that every
   * page continues exactly where the last one stopped.
   */
  static List<UUID> follow(Topic topic, int total, long deadline) {
    List<UUID> seen = new ArrayList<>(total);
    long next = 1;
    while (next <= total) {
      if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
        throw new AssertionError("the follower stopped at offset " + next + " of " + total);
      }
      List<Event> page = topic.read(next, 500);
      for (Event e : page) {
        if (e.offset() != next) {
          throw new AssertionError("gap: the follower expected offset " + next + " but got " + e);
        }
        seen.add(e.id());
        next++;
      }
      if (page.isEmpty()) {
        Thread.yield();
      }
    }
    return seen;
  }

  /** One caller's consecutive publishes got ever higher offsets: commit order is call order. */
  static void assertAscending(List<List<Event>> calls) {
    long last = 0;
    for (List<Event> call : calls) {
      assertTrue(call.get(0).offset() > last, "offset went back to " + call.get(0).offset());
      last = call.get(call.size() - 1).offset();
    }
  }

  static <T> List<T> runAll(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
    try {
      List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(remaining(deadline), TimeUnit.NANOSECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  /** A clock that ticks a microsecond per reading and counts readings down on a latch. */
  static final class CountingClock extends Clock {
    private final MutableClock time;
    private volatile CountDownLatch latch = new CountDownLatch(0);

    CountingClock(Instant start) {
      this.time = MutableClock.ticking(start, Duration.ofNanos(1000));
    }

    /** A latch that opens after {@code readings} more readings. */
    CountDownLatch latchAfter(int readings) {
      latch = new CountDownLatch(readings);
      return latch;
    }

    @Override
    public Instant instant() {
      Instant now = time.instant();
      latch.countDown();
      return now;
    }

    @Override
    public ZoneId getZone() {
      return time.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
