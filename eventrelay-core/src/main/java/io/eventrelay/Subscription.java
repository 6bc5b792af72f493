package io.eventrelay;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stream subscription (a consumer group): a named, durable cursor over one topic, optionally
 * filtered. Open one with {@link EventRelay#subscribe(String, String, SubscriptionOptions)}; each
 * {@code Subscription} object is one consumer of it.
 *
 * <p><b>One active consumer.</b> Any number of consumers (threads, relays, processes) may open the
 * same subscription; at any time at most one holds its <em>lease</em> and receives events, the
 * others stand by and get empty polls. The holder renews the lease as it polls and commits; when it
 * stays silent for longer than the lease duration (measured by the relay's clock), the next
 * consumer that polls takes the lease over and continues from the cursor. A consumer that lost its
 * lease gets {@link LeaseLostException} from {@link #poll(int)} and {@link #commit(long)}. Leases
 * are taken and renewed by conditional updates in the database, so two consumers never both hold
 * one; relays sharing a database should have clocks that agree to well within the lease duration.
 *
 * <p><b>Delivery.</b> {@link #poll(int)} returns the next events after this consumer's position, in
 * offset order; {@link #commit(long)} moves the durable cursor. A consumer that takes the lease
 * starts after the cursor, so delivery is at least once: events delivered but not committed are
 * delivered again after a crash or a lost lease. Commit inside the transaction that does the work
 * ({@link #commit(Connection, long)}) to process each event exactly once. Alternatively {@link
 * #start(EventHandler)} runs a handler on a thread of its own and commits after it succeeds.
 *
 * <pre>{@code
 * try (Subscription orders = relay.subscribe("orders", "billing", SubscriptionOptions.defaults())) {
 *   while (running) {
 *     List<Event> events = orders.poll(100, Duration.ofSeconds(1));
 *     for (Event e : events) {
 *       bill(e);
 *     }
 *     if (!events.isEmpty()) {
 *       orders.commit(events.get(events.size() - 1).offset());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe: calls are serialised. Once the subscription or its relay is closed, its methods
 * other than {@link #topic()}, {@link #name()}, {@link #filter()} and {@link #close()} throw {@link
 * RelayClosedException}; once the subscription was deleted, {@link UnknownSubscriptionException};
 * once its topic was deleted, {@link UnknownTopicException}. Any of them may throw {@link
 * StorageException} if the storage fails; a commit or seek that throws it may have taken effect or
 * not, and the next call re-reads the cursor first.
 */
public interface Subscription extends AutoCloseable {

  /** The topic's name. */
  String topic();

  /** The subscription's name, unique within its topic. */
  String name();

  /** The events this subscription delivers. */
  Filter filter();

  /**
   * Returns up to {@code max} events after this consumer's position that match the filter, in
   * offset order, and advances the position past them. Returns at once: an empty list when there is
   * nothing new, or when another consumer holds the lease. Takes the lease when it is free (then
   * the position restarts after the cursor) and renews it when a third of it has passed.
   *
   * @param max from 1 to 10,000
   * @throws IllegalArgumentException if {@code max} is out of range
   * @throws LeaseLostException if this consumer held the lease and another took it over; the next
   *     call tries to take it again
   * @throws IllegalStateException if a handler is running on this subscription
   */
  List<Event> poll(int max);

  /**
   * Like {@link #poll(int)}, but when there is nothing to return, waits up to {@code timeout} for
   * events (or for the lease), woken as soon as the relay hears of a commit to the topic (its own,
   * or on PostgreSQL any relay's) and otherwise looking again every {@link
   * SubscriptionOptions#pollInterval() poll interval}.
   *
   * @param timeout zero or more; the wait is in real time
   */
  List<Event> poll(int max, Duration timeout);

  /**
   * Moves the durable cursor to {@code offset}: this and every earlier event delivered to this
   * consumer are processed. Renews the lease.
   *
   * @param offset more than the current cursor, and at most the last offset this consumer polled
   *     past (the last event returned, or further when a filtered poll found nothing more that
   *     matches up to the topic's end)
   * @throws IllegalArgumentException if {@code offset} is out of that range (the message gives both
   *     bounds); nothing changes
   * @throws LeaseLostException if this consumer does not hold the lease; nothing changes
   * @throws CursorConflictException if the cursor is not where this consumer last committed it (a
   *     transaction that committed it with {@link #commit(Connection, long)} rolled back); nothing
   *     changes, and the position restarts after the cursor
   * @throws StorageException if the storage fails: the cursor may have moved or not, so the next
   *     call re-reads it (the position stays, unless it lies at or before the cursor). Retrying the
   *     same commit is safe: if the failed one went through, the retry does nothing
   * @throws IllegalStateException if a handler is running on this subscription
   */
  void commit(long offset);

  /**
   * Moves the durable cursor to {@code offset} within the caller's JDBC transaction, so that the
   * work done for the events and the cursor commit or roll back together: each event is then
   * processed exactly once, even across crashes and takeovers. The relay neither commits nor closes
   * the connection. If the transaction rolls back, the next commit fails with {@link
   * CursorConflictException} (roll back that one too) and the events are delivered again.
   *
   * <p>The transaction holds a lock on the subscription's row (on SQLite, the database's write
   * lock) until it ends: keep it short, and call no other method of this subscription meanwhile,
   * since renewing the lease would wait for that lock.
   *
   * @param connection a connection to the relay's database (see the storage's data source), in a
   *     transaction (auto-commit off)
   * @throws LeaseLostException if this consumer does not hold the lease: roll the transaction back
   * @see #commit(long) for the range of {@code offset} and the other exceptions
   */
  void commit(Connection connection, long offset);

  /** The durable cursor as stored now: the last offset committed, 0 before any. */
  long committed();

  /**
   * Moves the durable cursor so that {@code offset} is the next event delivered: back to replay
   * events, or forward to skip them. Takes the lease if it is free; a running handler abandons its
   * current batch and continues from there.
   *
   * @param offset from 1 to the topic's last offset + 1
   * @throws IllegalArgumentException if {@code offset} is out of range; nothing changes
   * @throws LeaseLostException if another consumer holds the lease; nothing changes
   * @throws StorageException if the storage fails: the cursor may have moved or not, and the
   *     position restarts after it as stored
   */
  void seek(long offset);

  /**
   * Moves the durable cursor so that the first event recorded at or after {@code time} is the next
   * delivered (see {@link Topic#offsetAt(Instant)}); otherwise as {@link #seek(long)}.
   */
  void seek(Instant time);

  /**
   * Runs {@code handler} on every event, in order, on a thread of its own, until {@link #close()}.
   * The thread polls in batches of {@link SubscriptionOptions#batchSize()}, hands the events to the
   * handler one at a time, and commits after each batch. A handler call that throws is retried with
   * the options' backoff, and the cursor never moves past the failing event; it stays at the last
   * event handled. While another consumer holds the lease the thread stands by; if this consumer
   * loses its lease, it abandons its batch and stands by until it takes the lease again.
   *
   * <p>The thread stops only when this consumer (or the relay) is closed, or the subscription or
   * its topic is deleted. On any other failure (the storage fails, stored data is corrupt) it
   * abandons its batch, logs the failure at WARN, waits by the options' retry backoff (by the
   * relay's clock, from the start of the failed attempt), re-reads the cursor and goes on after it:
   * no event is skipped, and events after the cursor may be handed to the handler again.
   *
   * <p>Afterwards {@link #poll}, {@link #commit} are not available on this object. The thread waits
   * for wake-ups and never spins.
   *
   * @throws IllegalStateException if a handler was already started
   */
  void start(EventHandler handler);

  /**
   * Stops the handler, if one runs (waiting for its current call to return and committing what it
   * completed), and releases the lease so that another consumer can take over at once. The durable
   * subscription remains. Idempotent.
   *
   * <p>It waits for the handler's current call at most the {@link
   * SubscriptionOptions#leaseDuration() lease duration}; then it logs a warning and returns,
   * nothing the call completes is committed, and the handler's thread releases the lease once the
   * call returns. Called by the handler itself, it returns at once, and the thread commits the call
   * and releases the lease once the call returns.
   */
  @Override
  void close();
}
