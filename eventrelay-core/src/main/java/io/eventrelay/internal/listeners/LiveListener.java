package io.eventrelay.internal.listeners;

import io.eventrelay.Event;
import io.eventrelay.Listener;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener: a bounded queue that publishers add to without waiting, and a thread of its own
 * that takes events from it in order, applies the filter and calls the handler. Publishers never
 * run the filter, so a slow or failing filter cannot hold them up. A full queue drops the event and
 * counts it; a filter or handler that throws is logged and the next event is taken.
 */
final class LiveListener implements Listener {
  private static final Logger LOG = LoggerFactory.getLogger(LiveListener.class);

  private final ListenerRegistry registry;
  private final String topic;
  private final String identifier;
  private final Predicate<Event> filter;
  private final String filterText;
  private final Consumer<Event> handler;
  private final int capacity;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Event> queue = new ArrayDeque<>();
  private boolean closed; // guarded by lock
  private long dropped; // guarded by lock

  LiveListener(
      ListenerRegistry registry,
      String topic,
      String identifier,
      Predicate<Event> filter,
      String filterText,
      Consumer<Event> handler,
      int capacity,
      String threadName) {
    this.registry = registry;
    this.topic = topic;
    this.identifier = identifier;
    this.filter = filter;
    this.filterText = filterText;
    this.handler = handler;
    this.capacity = capacity;
    this.thread = new Thread(this::deliver, threadName);
    thread.setDaemon(true);
  }

  String topic() {
    return topic;
  }

  void start() {
    thread.start();
  }

  /**
   * Queues the event if it has this listener's identifier (a comparison that cannot fail); never
   * blocks, never throws. The filter is left to the listener's thread.
   */
  void offer(Event event) {
    if (identifier != null && !identifier.equals(event.topicIdentifier().orElse(null))) {
      return;
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (queue.size() >= capacity) {
        dropped++;
        registry.dropped(topic);
        return;
      }
      queue.add(event);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  private void deliver() {
    for (Event event; (event = next()) != null; ) {
      if (matches(event)) {
        call(event);
      }
    }
  }

  /** Whether the filter matches; a filter that throws is logged, and the event skipped. */
  private boolean matches(Event event) {
    try {
      return filter.test(event);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      LOG.warn(
          "the filter '{}' of a listener of topic {} failed on event {} (offset {}); skipping it",
          filterText,
          topic,
          event.id(),
          event.offset(),
          e);
      return false;
    }
  }

  private void call(Event event) {
    try {
      handler.accept(event);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      LOG.warn(
          "a listener of topic {} threw on event {} (offset {}); delivering the next event",
          topic,
          event.id(),
          event.offset(),
          e);
    }
  }

  /** The next event, waiting for one; null once closed. */
  private Event next() {
    lock.lock();
    try {
      while (queue.isEmpty() && !closed) {
        notEmpty.awaitUninterruptibly();
      }
      return closed ? null : queue.poll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long droppedCount() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        queue.clear();
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
    registry.remove(this);
    if (Thread.currentThread() != thread) {
      joinUninterruptibly();
    }
  }

  private void joinUninterruptibly() {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return thread.getName();
  }
}
