package io.eventrelay.benchmarks;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The relay's side of each scenario, through the public API only. Every run writes to a fresh
 * topic, made by {@link #freshTopic()}.
 */
final class RelayScenarios {
  private final EventRelay relay;
  private int topics;
  private Topic current;

  RelayScenarios(EventRelay relay) {
    this.relay = relay;
  }

  /** Deletes the previous run's topic and creates a new, empty one. */
  Topic freshTopic() {
    if (current != null) {
      relay.deleteTopic(current.name());
    }
    current = relay.createTopic("bench_" + (++topics));
    return current;
  }

  /** The topic of the latest run. */
  Topic topic() {
    return current;
  }

  /** Publishes the workload with {@link Topic#publishAll(List)}, {@code perCall} events a call. */
  static void publishAll(Topic topic, Workload w, int perCall) {
    for (int from = 0; from < w.size(); from += perCall) {
      int to = Math.min(w.size(), from + perCall);
      List<Event> stored = topic.publishAll(w.drafts(from, to));
      if (stored.size() != to - from) {
        throw new IllegalStateException("publishAll returned " + stored.size() + " events");
      }
    }
  }

  /** Publishes the workload one {@link Topic#publish(Event)} at a time from this thread. */
  static void publishEach(Topic topic, Workload w) {
    for (int i = 0; i < w.size(); i++) {
      topic.publish(w.draft(i));
    }
  }

  /**
   * Publishes the workload one event per call from {@code threads} threads at once, each its own
   * share; times from the moment all are released until the last one finishes.
   *
   * @return the elapsed nanoseconds
   */
  static long publishConcurrently(Topic topic, Workload w, int threads)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int from = (int) ((long) w.size() * t / threads);
      int to = (int) ((long) w.size() * (t + 1) / threads);
      Thread worker =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  for (int i = from; i < to; i++) {
                    topic.publish(w.draft(i));
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-publisher-" + t);
      workers.add(worker);
      worker.start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("a publisher failed", failure.get());
    }
    return elapsed;
  }

  /**
   * Reads the whole topic in pages of {@code pageSize} with {@link Topic#read(long, int)}.
   *
   * @return the number of events read
   */
  static long readAll(Topic topic, int pageSize) {
    long count = 0;
    long from = 1;
    while (true) {
      List<Event> page = topic.read(from, pageSize);
      if (page.isEmpty()) {
        return count;
      }
      count += page.size();
      from = page.get(page.size() - 1).offset() + 1;
    }
  }
}
