package io.eventrelay.benchmarks;

import io.eventrelay.EventRelay;
import io.eventrelay.JobQueue;
import io.eventrelay.Listener;
import io.eventrelay.QueueOptions;
import io.eventrelay.Topic;
import io.eventrelay.Worker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivery latencies, one event in flight at a time, spaced out so that each finds its consumer
 * idle and waiting:
 *
 * <ul>
 *   <li>in process: {@code topic.publish(event)} to a live listener ({@code topic.listen}) of the
 *       same relay, from just before the call and from its return to the handler's first line;
 *   <li>across relays (PostgreSQL): relay A publishes, relay B on the same schema runs a {@link
 *       Worker} ({@code threads(1)}, {@code pollInterval(1 s)}) on a queue of the topic; from just
 *       before A's {@code publish} to B's handler. B wakes through {@code LISTEN/NOTIFY}, or else
 *       at its next poll.
 * </ul>
 *
 * <p>Both relays live in this JVM, so one {@link System#nanoTime()} clock times both ends. The
 * first {@link #WARMUP} events of each probe are not counted.
 */
final class LatencyProbe {
  static final int WARMUP = 200;

  /** Pause after each listener delivery, so that the listener thread is parked again. */
  private static final long LISTEN_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

  /** Pause after each wake-up, so that B has acked, claimed nothing and gone back to waiting. */
  private static final long WAKE_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(15);

  private final Semaphore delivered = new Semaphore(0);
  private volatile long[] handledAt;
  private volatile int current;

  private LatencyProbe() {}

  /** Measures publish to in-process listener on {@code db}, {@code publishes} times. */
  static void listener(Database db, int publishes, LatencyTable table, PrintStream log)
      throws InterruptedException {
    LatencyProbe probe = new LatencyProbe();
    try (EventRelay relay = EventRelay.builder().storage(db.storage()).build()) {
      Topic topic = relay.createTopic("latency_listen");
      try (Listener listener = topic.listen(e -> probe.handled())) {
        long[][] times = probe.publishEach(topic, publishes, LISTEN_GAP_NANOS);
        if (listener.droppedCount() != 0) {
          throw new IllegalStateException("the listener dropped " + listener.droppedCount());
        }
        String backend = db.name();
        table.add("listen: publish() return -> handler", backend, probe.since(times[1]), 1.0);
        table.add("listen: publish() start -> handler", backend, probe.since(times[0]), -1);
        table.add("listen: publish() call (incl. durable commit)", backend, diff(times), -1);
        log.printf(
            Locale.ROOT, "  %s: listener latency, %,d publishes: done%n", backend, publishes);
      }
    }
  }

  /** Measures relay A's publish to relay B's worker on PostgreSQL, {@code publishes} times. */
  static void wakeup(Database db, int publishes, LatencyTable table, PrintStream log)
      throws InterruptedException {
    LatencyProbe probe = new LatencyProbe();
    try (EventRelay a = EventRelay.builder().storage(db.storage()).build();
        EventRelay b = EventRelay.builder().storage(db.storage()).build()) {
      Topic topic = a.createTopic("latency_wake");
      JobQueue queue =
          b.queue("latency_wake", "wake", QueueOptions.builder().deliverExisting(false).build());
      try (Worker worker =
          queue
              .worker(job -> probe.handled())
              .threads(1)
              .pollInterval(Duration.ofSeconds(1))
              .start()) {
        long[][] times = probe.publishEach(topic, publishes, WAKE_GAP_NANOS);
        String backend = db.name();
        table.add("wake-up: A publish() start -> B worker", backend, probe.since(times[0]), 20.0);
        table.add("wake-up: A publish() return -> B worker", backend, probe.since(times[1]), -1);
        log.printf(
            Locale.ROOT,
            "  %s: cross-relay wake-up, %,d publishes: done; B's queue now %s%n",
            backend,
            publishes,
            queue.stats());
      }
    }
  }

  private void handled() {
    handledAt[current] = System.nanoTime();
    delivered.release();
  }

  /**
   * Publishes {@link #WARMUP} + {@code n} events one at a time, each after the previous one was
   * handled and {@code gapNanos} passed.
   *
   * @return the counted events' start and return times of {@code publish}
   */
  private long[][] publishEach(Topic topic, int n, long gapNanos) throws InterruptedException {
    int total = WARMUP + n;
    Workload w = Workload.of(total);
    handledAt = new long[total];
    long[] start = new long[total];
    long[] returned = new long[total];
    for (int i = 0; i < total; i++) {
      current = i;
      start[i] = System.nanoTime();
      topic.publish(w.draft(i));
      returned[i] = System.nanoTime();
      if (!delivered.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("event " + i + " was not delivered within 10 s");
      }
      LockSupport.parkNanos(gapNanos);
    }
    return new long[][] {
      Arrays.copyOfRange(start, WARMUP, total), Arrays.copyOfRange(returned, WARMUP, total)
    };
  }

  /** The handler's time minus {@code from}, per counted event. */
  private long[] since(long[] from) {
    long[] out = new long[from.length];
    for (int i = 0; i < from.length; i++) {
      out[i] = handledAt[WARMUP + i] - from[i];
    }
    return out;
  }

  private static long[] diff(long[][] times) {
    long[] out = new long[times[0].length];
    for (int i = 0; i < out.length; i++) {
      out[i] = times[1][i] - times[0][i];
    }
    return out;
  }
}
