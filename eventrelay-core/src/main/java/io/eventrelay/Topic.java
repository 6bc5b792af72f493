package io.eventrelay;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A named, durable, ordered log of events. Get one from {@link EventRelay#createTopic(String)} or
 * {@link EventRelay#topic(String)}.
 *
 * <p>A topic handle may be bound to an identifier ({@code users:123} is topic {@code users} with
 * identifier {@code 123}): then events published through it carry that identifier unless they name
 * their own, and reads through it return only events with that identifier.
 *
 * <p>Every event stored in a topic has an offset: 1, 2, 3… with no gaps, in commit order. A reader
 * that has seen offset n never later finds a new event at or below n.
 *
 * <p>Handles are immutable and thread-safe. Every method throws {@link RelayClosedException} once
 * the relay is closed, {@link UnknownTopicException} if the topic was deleted, and {@link
 * StorageException} if the storage fails.
 */
public interface Topic {

  /** The topic's name, without identifier. */
  String name();

  /** The identifier this handle is bound to, or {@code null}. */
  String identifier();

  /**
   * Publishes one event and returns it as stored, with its id, offset and recording time. When the
   * call returns, the event is committed. Concurrent calls on one relay are committed together in
   * one transaction (group commit); each returns after the commit that holds its event.
   *
   * <p>With {@link EventTransformer transformers}, it returns the first event the call stored (in
   * the simple case, the changed event), or the event as given, unstored ({@code offset() == 0}),
   * when they dropped it.
   *
   * @throws InvalidEventException if the event is invalid; nothing is stored
   * @throws TransformException if a transformer failed on it; nothing is stored
   */
  Event publish(Event event);

  /**
   * Publishes a batch atomically: all events are committed, with consecutive offsets, or none is.
   *
   * @return the stored events, in the order given (with {@link EventTransformer transformers}:
   *     every event the call stored, in order, whatever its topic)
   * @throws InvalidEventException naming the index and field of the first invalid event; nothing of
   *     the batch is stored
   * @throws TransformException naming the index of the event a transformer failed on; nothing is
   *     stored
   */
  List<Event> publishAll(List<Event> events);

  /**
   * Publishes a batch inside the caller's JDBC transaction, so the events commit or roll back with
   * the caller's own rows (the outbox pattern). The relay neither commits nor closes the
   * connection; the returned events are only visible to others once the caller commits.
   *
   * <p>Limit: to keep offsets dense and commit-ordered, the transaction holds this topic's offset
   * lock from this call until it commits or rolls back. Other publishers to the same topic wait for
   * it meanwhile, so keep such transactions short. Other topics are not affected.
   *
   * <p>Live listeners ({@link #listen}) do not receive these events: the relay does not see the
   * caller's commit. Subscriptions read them from the log once committed.
   *
   * @param connection a connection to the relay's database, in a transaction (auto-commit off)
   * @throws InvalidEventException if an event is invalid; nothing is written
   */
  List<Event> publishAll(Connection connection, List<Event> events);

  /**
   * Hands an event to this process's live listeners without storing it (a non-durable publish). The
   * event is validated like a stored one; it has no offset.
   *
   * @return the event as delivered to listeners, with id, topic and time filled in
   * @throws InvalidEventException if the event is invalid
   */
  Event publishLive(Event event);

  /**
   * Calls {@code handler} with each event of this topic published through this relay from now on: a
   * stored event right after its commit, a live-only one ({@link #publishLive}) as it is published.
   * Same as {@link #listen(Filter, Consumer)} with {@link Filter#all()}.
   */
  Listener listen(Consumer<Event> handler);

  /**
   * Calls {@code handler} with each event of this topic that matches {@code filter} and is
   * published through this relay from now on: a stored event right after its commit, a live-only
   * one ({@link #publishLive}) as it is published. On a handle bound to an identifier, only events
   * with that identifier.
   *
   * <p>Delivery is in process and best effort, and never blocks or fails a publisher. Each listener
   * has its own thread and a queue of up to {@link Listener#QUEUE_CAPACITY} events; publishing only
   * adds to that queue, so a slow handler delays neither publishers nor other listeners. When the
   * queue is full, the event is dropped for this listener and counted in {@link
   * Listener#droppedCount()}. The handler is called from that one thread, one event at a time, in
   * commit (offset) order. If it throws, the exception is logged and the next event is delivered.
   * The filter is evaluated in memory on that thread too, never on the publisher's; events are
   * queued before it runs, so the queue's bound counts every event of the topic (and identifier).
   *
   * <p>Not delivered: events published by other relays or processes, and events published in the
   * caller's transaction ({@link #publishAll(Connection, List)}), whose commit the relay does not
   * see. When every event must be seen, use a subscription, which reads the durable log.
   *
   * @return the listener; close it to stop delivery. Closing the relay closes it too.
   * @throws NullPointerException if an argument is null
   */
  Listener listen(Filter filter, Consumer<Event> handler);

  /**
   * Reads up to {@code limit} events at or after {@code fromOffset}, in offset order.
   *
   * @param fromOffset the first offset to return; 1 for the beginning
   * @param limit from 1 to {@link io.eventrelay.spi.ReadRequest#MAX_LIMIT} (10,000)
   */
  List<Event> read(long fromOffset, int limit);

  /**
   * Reads up to {@code limit} (1 to 10,000) events at or after {@code fromOffset} that match {@code
   * filter}, in offset order. A result shorter than {@code limit} means that no more events matched
   * when it was read; to go on, continue from the last returned offset + 1, or use {@link #stream}.
   */
  List<Event> read(long fromOffset, int limit, Filter filter);

  /**
   * All events at or after {@code fromOffset} that match {@code filter}, fetched lazily in pages of
   * {@code pageSize} (1 to 10,000). The stream sees events committed while it is being consumed. It
   * holds no connection between pages.
   */
  Stream<Event> stream(long fromOffset, Filter filter, int pageSize);

  /**
   * The offset of the first event recorded at or after {@code time}, or {@link #lastOffset()} + 1
   * when there is none yet. Use it to start a read from a point in time.
   */
  long offsetAt(Instant time);

  /** The offset of the newest committed event, 0 when the topic is empty. */
  long lastOffset();
}
