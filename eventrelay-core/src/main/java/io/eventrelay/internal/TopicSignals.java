package io.eventrelay.internal;

import io.eventrelay.spi.Storage;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes consumers when a topic may have new events: the relay signals a topic after each commit
 * (and a storage may signal on notifications from other processes); consumers wait for a signal
 * newer than the last one they saw, with a timeout as the polling fallback.
 *
 * <pre>{@code
 * long seen = signals.version(topic);
 * while (running) {
 *   List<Event> page = read(...);
 *   if (page.isEmpty()) {
 *     seen = signals.awaitChange(topic, seen, pollInterval);
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe. A signal is a hint: consumers must read to find out what changed. As a {@link
 * Storage.ChangeListener}, it turns a storage's notices of other relays' commits into signals.
 */
public final class TopicSignals implements Storage.ChangeListener {
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  /** The current version of {@code topic}'s signal; pass it to {@link #awaitChange}. */
  public long version(String topic) {
    return slot(topic).version;
  }

  /** Signals that {@code topic} may have new events, waking every waiter. */
  public void signal(String topic) {
    Slot s = slot(topic);
    s.lock.lock();
    try {
      s.version++;
      s.changed.signalAll();
    } finally {
      s.lock.unlock();
    }
  }

  /** Signals every topic (for example after a lost connection, when any topic may have changed). */
  public void signalAll() {
    slots.keySet().forEach(this::signal);
  }

  /** Signals {@code topic}: a storage saw another relay commit to it. */
  @Override
  public void topicChanged(String topic) {
    signal(topic);
  }

  /** Signals every topic: a storage may have missed notices. */
  @Override
  public void allTopicsChanged() {
    signalAll();
  }

  /**
   * Waits until {@code topic} is signalled after {@code seenVersion}, or the timeout passes, or the
   * thread is interrupted (the interrupt flag is kept).
   *
   * @return the version now, to pass to the next call
   */
  public long awaitChange(String topic, long seenVersion, Duration timeout) {
    Slot s = slot(topic);
    long nanos = timeout.toNanos();
    s.lock.lock();
    try {
      while (s.version == seenVersion && nanos > 0) {
        nanos = s.changed.awaitNanos(nanos);
      }
      return s.version;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return s.version;
    } finally {
      s.lock.unlock();
    }
  }

  private Slot slot(String topic) {
    return slots.computeIfAbsent(topic, t -> new Slot());
  }

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    volatile long version;
  }
}
