package io.eventrelay.internal.listeners;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.Listener;
import io.eventrelay.internal.SafeMeters;
import io.eventrelay.spi.RelayMeters;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A relay's live listeners, by topic. The relay hands it each stored event right after its commit
 * (from the committing thread, in commit order) and each live-only event as it is published; the
 * registry offers the event to the queues of the topic's listeners (of its identifier, for a
 * listener bound to one) and returns at once; each listener's own thread applies its filter.
 * Nothing here blocks or fails a publisher: a full queue drops the event for that listener only.
 *
 * <p>Thread-safe.
 */
public final class ListenerRegistry {
  private final SafeMeters meters;
  private final int queueCapacity;
  private final ConcurrentHashMap<String, List<LiveListener>> byTopic = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();
  private boolean closed; // guarded by this

  /** A registry whose listeners queue up to {@link Listener#QUEUE_CAPACITY} events each. */
  public ListenerRegistry() {
    this(Listener.QUEUE_CAPACITY, new SafeMeters(RelayMeters.NONE));
  }

  /** A registry with the default queue capacity that reports dropped events to {@code meters}. */
  public ListenerRegistry(SafeMeters meters) {
    this(Listener.QUEUE_CAPACITY, meters);
  }

  /**
   * @param queueCapacity how many events each listener may have waiting; at least 1
   */
  public ListenerRegistry(int queueCapacity) {
    this(queueCapacity, new SafeMeters(RelayMeters.NONE));
  }

  private ListenerRegistry(int queueCapacity, SafeMeters meters) {
    this.meters = meters;
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "queueCapacity must be at least 1 (was " + queueCapacity + ")");
    }
    this.queueCapacity = queueCapacity;
  }

  /**
   * Registers a listener and starts its thread.
   *
   * @param identifier deliver only events with this topic identifier; null for all
   * @throws io.eventrelay.RelayClosedException after {@link #closeAll()}
   */
  public Listener add(String topic, String identifier, Filter filter, Consumer<Event> handler) {
    return add(topic, identifier, filter::matches, filter.toString(), handler);
  }

  /**
   * {@link #add(String, String, Filter, Consumer)} with the filter as any predicate.
   *
   * @param filterText how logs name the filter
   */
  Listener add(
      String topic,
      String identifier,
      Predicate<Event> filter,
      String filterText,
      Consumer<Event> handler) {
    LiveListener listener =
        new LiveListener(
            this,
            topic,
            identifier,
            filter,
            filterText,
            handler,
            queueCapacity,
            "eventrelay-listener-" + topic + "-" + created.incrementAndGet());
    synchronized (this) {
      if (closed) {
        throw new io.eventrelay.RelayClosedException("this EventRelay is closed");
      }
      byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }
    listener.start();
    return listener;
  }

  /** Whether {@code topic} has a listener; lets the relay skip work that nobody would see. */
  public boolean listens(String topic) {
    List<LiveListener> listeners = byTopic.get(topic);
    return listeners != null && !listeners.isEmpty();
  }

  /** Offers a committed or live-only event to the listeners of its topic, without blocking. */
  public void dispatch(Event event) {
    List<LiveListener> listeners = byTopic.get(event.topic());
    if (listeners != null) {
      for (LiveListener listener : listeners) {
        listener.offer(event);
      }
    }
  }

  /** Closes every listener (see {@link Listener#close()}) and refuses new ones. Idempotent. */
  public void closeAll() {
    synchronized (this) {
      closed = true;
    }
    byTopic.values().forEach(listeners -> listeners.forEach(LiveListener::close));
  }

  /** Reports an event a listener of {@code topic} dropped. */
  void dropped(String topic) {
    meters.listenerDropped(topic);
  }

  void remove(LiveListener listener) {
    // Lists of topics that lose their last listener stay, empty: at most one per topic.
    byTopic.get(listener.topic()).remove(listener);
  }
}
