package io.eventrelay.internal.streams;

import io.eventrelay.Event;
import io.eventrelay.EventHandler;
import io.eventrelay.Filter;
import io.eventrelay.LeaseLostException;
import io.eventrelay.RelayClosedException;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.internal.Checks;
import io.eventrelay.internal.RelayContext;
import io.eventrelay.spi.StoredFilters;
import io.eventrelay.spi.StreamRecord;
import io.eventrelay.spi.StreamStorage;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a stream subscription: the public face of its {@link StreamLease}, which every
 * method reaches under this object's lock, and the owner of its handler's thread. It is registered
 * with the relay's {@link io.eventrelay.internal.OpenConsumers} while open.
 */
public final class StreamSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSubscription.class);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,49}");
  private static final int MAX_POLL = 10_000;

  private final RelayContext context;
  private final String topic;
  private final String name;
  private final Filter filter;
  private final SubscriptionOptions options;
  private final StreamLease lease;

  private Thread loop; // guarded by this
  private boolean closed; // guarded by this
  private boolean released; // guarded by this
  private volatile boolean closing;

  private StreamSubscription(
      RelayContext context, String topic, String name, SubscriptionOptions options) {
    this.context = context;
    this.topic = topic;
    this.name = name;
    this.filter = options.filter();
    this.options = options;
    this.lease = new StreamLease(context, topic, name, filter, options.leaseDuration());
  }

  /**
   * Opens the subscription {@code name} on {@code topic}, creating it with the cursor {@code
   * initialCursor} gives if it does not exist, and registers the consumer with the relay's open
   * consumers.
   *
   * @throws IllegalArgumentException if the name is not allowed, or the subscription exists with
   *     another filter
   * @throws RelayClosedException if the relay began closing meanwhile
   */
  public static StreamSubscription open(
      RelayContext context,
      String topic,
      String name,
      SubscriptionOptions options,
      LongSupplier initialCursor) {
    checkName(name);
    Objects.requireNonNull(options, "options");
    StreamStorage streams = context.storage().streams();
    Filter filter = options.filter();
    StreamRecord row =
        streams
            .find(topic, name)
            .orElseGet(
                () ->
                    streams.open(
                        topic,
                        name,
                        StoredFilters.text(filter),
                        initialCursor.getAsLong(),
                        context.clock().instant()));
    if (!StoredFilters.same(row.filter(), filter)) {
      throw new IllegalArgumentException(
          "subscription '"
              + name
              + "' on topic '"
              + topic
              + "' exists with filter '"
              + StoredFilters.describe(row.filter())
              + "', not '"
              + filter
              + "'; delete it first (EventRelay.deleteSubscription) to change its filter");
    }
    StreamSubscription subscription = new StreamSubscription(context, topic, name, options);
    if (!context.consumers().add(subscription)) {
      subscription.close();
      throw new RelayClosedException("the relay is closing; " + subscription + " was not opened");
    }
    return subscription;
  }

  /** Checks a subscription name: {@code [a-z][a-z0-9_]*}, at most 50 characters. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "subscription name must be a lower-case letter, then a-z, 0-9 and _, 1 to 50 characters"
              + " (was "
              + (name == null ? "null" : "'" + name + "'")
              + ")");
    }
    return name;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Filter filter() {
    return filter;
  }

  @Override
  public synchronized List<Event> poll(int max) {
    checkNoHandler();
    Checks.between("max", max, 1, MAX_POLL);
    return lease.read(max);
  }

  @Override
  public List<Event> poll(int max, Duration timeout) {
    if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative (was " + timeout + ")");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = context.signals().version(topic);
      List<Event> events = poll(max);
      long left = deadline - System.nanoTime();
      if (!events.isEmpty() || left <= 0) {
        return events;
      }
      Duration wait = Duration.ofNanos(Math.min(left, options.pollInterval().toNanos()));
      context.signals().awaitChange(topic, seen, wait);
    }
  }

  @Override
  public synchronized void commit(long offset) {
    checkNoHandler();
    lease.commit(null, offset);
  }

  @Override
  public synchronized void commit(Connection connection, long offset) {
    Objects.requireNonNull(connection, "connection");
    checkNoHandler();
    lease.commit(connection, offset);
  }

  @Override
  public synchronized long committed() {
    checkOpen();
    return lease.storedCursor();
  }

  @Override
  public synchronized void seek(long offset) {
    checkOpen();
    lease.seek(offset);
  }

  @Override
  public void seek(Instant time) {
    Objects.requireNonNull(time, "time");
    checkOpen();
    seek(context.storage().offsetAt(topic, time));
  }

  @Override
  public synchronized void start(EventHandler handler) {
    Objects.requireNonNull(handler, "handler");
    checkOpen();
    if (loop != null) {
      throw new IllegalStateException("a handler is already running on " + this);
    }
    loop = new Thread(new HandlerLoop(this, handler), "eventrelay-stream-" + topic + "-" + name);
    loop.setDaemon(true);
    loop.start();
  }

  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      running = loop;
    }
    context.signals().signal(topic); // wakes the handler's thread
    if (running == Thread.currentThread()) {
      return; // called by the handler: its loop finishes closing once the call returns
    }
    finishClosing(running == null || awaitStop(running));
  }

  /** Waits up to the lease duration for the handler's thread to stop; whether it did. */
  private boolean awaitStop(Thread running) {
    Duration bound = options.leaseDuration();
    try {
      running.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running.isAlive()) {
      LOG.warn(
          "the handler of {} did not return within {}; closed without it: nothing it completes is"
              + " committed, and its thread releases the lease once the call returns",
          this,
          bound);
      return false;
    }
    return true;
  }

  /**
   * Marks this consumer closed (once; nothing is committed afterwards) and, if {@code release},
   * releases its lease (once).
   */
  void finishClosing(boolean release) {
    boolean first;
    synchronized (this) {
      first = !closed;
      closed = true;
      if (release && !released) {
        released = true;
        try {
          lease.release();
        } catch (RuntimeException e) {
          LOG.warn("releasing the lease of {} failed; it will expire", this, e);
        }
      }
    }
    if (first) {
      context.consumers().remove(this);
    }
  }

  @Override
  public String toString() {
    return lease.toString();
  }

  // ---- for the handler loop ----

  RelayContext context() {
    return context;
  }

  SubscriptionOptions options() {
    return options;
  }

  boolean closing() {
    return closing;
  }

  /**
   * The loop's thread ends: if the consumer is closing, the loop committed what it handled, so the
   * lease can go.
   */
  void loopEnded() {
    if (closing) {
      finishClosing(true);
    }
  }

  /** The next batch for the handler; empty while standing by or closing. */
  synchronized Batch nextBatch() {
    if (closing) {
      return new Batch(List.of(), 0, lease.generation());
    }
    List<Event> events = lease.read(options.batchSize());
    if (context.meters().enabled() && lease.held()) {
      long lag = Math.max(0, context.storage().lastOffset(topic) - lease.horizon());
      context.meters().streamLag(topic, name, lag);
    }
    return new Batch(events, lease.horizon(), lease.generation());
  }

  /**
   * Renews the lease when due; false if the position jumped since {@code batchGeneration} or the
   * consumer is closing.
   *
   * @throws LeaseLostException if another consumer took the lease over
   */
  synchronized boolean heartbeat(long batchGeneration) {
    if (closing || !lease.current(batchGeneration)) {
      return false;
    }
    lease.ensure();
    return lease.current(batchGeneration);
  }

  /** Commits {@code offset} for the handler, unless the batch is stale or already committed. */
  synchronized void commitHandled(long offset, long batchGeneration) {
    if (!closed && lease.current(batchGeneration) && offset > lease.committed()) {
      lease.commit(null, offset);
    }
  }

  /**
   * After a failure abandoned a batch: the next batch starts after the cursor as stored, which is
   * re-read.
   */
  synchronized void restartFromCursor() {
    lease.restart();
  }

  private void checkOpen() {
    if (closing) {
      throw new RelayClosedException(this + " is closed");
    }
  }

  private void checkNoHandler() {
    checkOpen();
    if (loop != null) {
      throw new IllegalStateException(
          "a handler is running on " + this + "; poll and commit are not available");
    }
  }

  /** Events read for the handler, the offset it may commit after them, and their generation. */
  record Batch(List<Event> events, long horizon, long generation) {}
}
