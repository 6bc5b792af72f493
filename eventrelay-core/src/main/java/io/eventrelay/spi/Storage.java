package io.eventrelay.spi;

import io.eventrelay.Event;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a relay keeps its topics and events. The relay validates everything before calling a
 * storage, and serialises its own appends (group commit), so an implementation sees one {@link
 * #append} at a time from each relay; several relays (and processes) may share one database.
 *
 * <p>Implementations must be thread-safe and must guarantee, across every relay on the database:
 *
 * <ul>
 *   <li>an append is atomic and durable when it returns;
 *   <li>offsets of a topic are 1, 2, 3… with no gaps, assigned in commit order, so that a reader
 *       that has seen offset n never later finds a new event at or below n.
 * </ul>
 */
public interface Storage extends AutoCloseable {

  /**
   * Prepares the storage for use (for example, applies schema migrations). Called once by the relay
   * before any other method.
   *
   * @param clock the relay's clock, for the times the storage records itself (such as when a topic
   *     was created)
   */
  void start(Clock clock);

  /** Creates the topic if it does not exist; returns it either way. */
  TopicRecord createTopic(String name);

  /** The topic, if it exists. */
  Optional<TopicRecord> findTopic(String name);

  /** All topics, ordered by name. */
  List<TopicRecord> listTopics();

  /**
   * Deletes the topic and all its events.
   *
   * @return whether the topic existed
   */
  boolean deleteTopic(String name);

  /**
   * Appends validated events (they may belong to several topics) in one transaction, assigning each
   * topic's next offsets in list order.
   *
   * <p>An event's id is unique within its topic: an append that would store an id twice in a topic
   * fails whole, with a {@link io.eventrelay.StorageException} that is not transient.
   *
   * @param recordedAt the recording time to store on every event
   * @return the offsets assigned, one per event, in the order of {@code events}
   * @throws io.eventrelay.UnknownTopicException if a topic does not exist; nothing is stored
   * @throws io.eventrelay.OutcomeUnknownException if the commit failed in flight (the connection
   *     was lost while committing), so that the events may or may not be stored; the relay then
   *     asks {@link #storedOffsets}
   * @throws io.eventrelay.StorageException for any other failure; nothing is stored
   */
  long[] append(List<Event> events, Instant recordedAt);

  /**
   * Where events are stored, by id: for each event, the offset of the event with its id in its
   * topic, or 0 if there is none. The relay asks this after an append failed with {@link
   * io.eventrelay.OutcomeUnknownException}. The default throws {@link
   * UnsupportedOperationException}, for a storage that never throws that exception.
   */
  default long[] storedOffsets(List<Event> events) {
    throw new UnsupportedOperationException("this storage cannot look events up by id");
  }

  /**
   * Called on a publishing thread before its events join a group commit, which another thread may
   * run: throws if this thread holds something that commit would wait for (for example the only
   * connection of an in-memory database, borrowed for the application's own transaction), so that
   * the publish fails at once instead of waiting forever. The default does nothing.
   *
   * @throws io.eventrelay.EventRelayException saying what the thread holds and what to do instead
   */
  default void checkPublishingThread() {}

  /**
   * Appends validated events within the caller's transaction: they commit or roll back with it. The
   * storage neither commits nor closes {@code connection}.
   *
   * @return the offsets assigned, as for {@link #append(List, Instant)}
   */
  long[] append(Connection connection, List<Event> events, Instant recordedAt);

  /**
   * Reads the events of one topic that {@code request} asks for, in offset order: those at or after
   * its offset that match its filter (and identifier), at most its limit.
   *
   * <p>A page shorter than the limit means that no more events match up to the topic's end as of
   * the read: the storage scans as far as it must to fill the page, however sparse the matches.
   * Readers rely on this rule: a stream subscription whose filtered page comes back short moves its
   * position to the end it saw before the read, and a {@link io.eventrelay.Topic#stream} ends at an
   * empty page.
   *
   * @throws io.eventrelay.UnknownTopicException if the topic does not exist
   */
  List<Event> read(ReadRequest request);

  /**
   * The offset of the first event of {@code topic} recorded at or after {@code time}, or the next
   * offset to be assigned when there is none.
   */
  long offsetAt(String topic, Instant time);

  /** The highest offset committed in {@code topic}, or 0 when it is empty. */
  long lastOffset(String topic);

  /**
   * Starts telling {@code listener} when topics get events committed by anyone sharing the database
   * (other relays, other processes, the application's own transactions), so that consumers wake at
   * once instead of at their next poll. Called by the relay once, after {@link #start}; watching
   * stops when the storage closes.
   *
   * <p>Notices are hints: they may be late, repeated or spurious, and may be lost (for example
   * while the storage reconnects, after which it calls {@link ChangeListener#allTopicsChanged()}),
   * so consumers keep polling as a fallback. The default does nothing, for a storage that cannot
   * watch: consumers then find others' events by polling alone.
   *
   * @throws IllegalStateException if called before {@link #start}
   */
  default void watchChanges(ChangeListener listener) {}

  /**
   * Receives a storage's change notices; see {@link #watchChanges}. Called from a thread of the
   * storage: implementations must return quickly, must not throw, and must be thread-safe.
   */
  interface ChangeListener {
    /** Events may have been committed to {@code topic}. */
    void topicChanged(String topic);

    /** Notices may have been lost: any topic may have changed. */
    void allTopicsChanged();
  }

  /**
   * Where this storage keeps stream subscriptions.
   *
   * @throws UnsupportedOperationException if it does not support them
   */
  default StreamStorage streams() {
    throw new UnsupportedOperationException("this storage does not support stream subscriptions");
  }

  /**
   * The storage's worker queues.
   *
   * @throws UnsupportedOperationException if this storage has none (the default)
   */
  default QueueStorage queues() {
    throw new UnsupportedOperationException("this storage does not support queues");
  }

  /**
   * Aggregates the events of a topic up to an offset: counts them, and sums, minimum and maximum of
   * a number in them, per group and time bucket. Metrics take their initial value from it, then
   * follow the events after {@link AggregateResult#upToOffset()} incrementally.
   *
   * <p>Semantics:
   *
   * <ul>
   *   <li>The events are those of the topic with offsets from 1 to the request's {@code
   *       upToOffset}, or to the topic's last offset if that is lower (the result says which), for
   *       which {@link io.eventrelay.Filter#matches} is true.
   *   <li>The count is the number of those events. SUM, MIN and MAX take the JSON numbers at the
   *       value, exactly: an event whose value is missing, JSON {@code null} or of another type (a
   *       string such as {@code "30"} included, as in filters) is counted but skipped by them, and
   *       the row says how many had a number.
   *   <li>A group key is the text at the group field when it is a string (a text field, a UUID in
   *       its canonical form, a JSON string); every other event falls in the {@code null} group.
   *   <li>A bucket starts at a whole multiple of the width since 1970-01-01T00:00Z, in UTC: an
   *       event falls in the bucket {@code floor(occurredAt / width) * width}. A day is a UTC day;
   *       a 7-day bucket starts on a Thursday.
   * </ul>
   *
   * <p>Cost: one pass over the topic's events up to the offset (found by topic and offset), with
   * the filter and the JSON paths evaluated on each event; no other index helps. The result holds
   * one row per group and bucket that has events, in memory, so a group field with many distinct
   * values makes a large result. Each implementation documents how it keeps the numbers exact and
   * what that costs.
   *
   * @return the rows and the offset they cover
   * @throws io.eventrelay.UnknownTopicException if the topic does not exist (or is deleted during
   *     the call)
   * @throws io.eventrelay.StorageException if the database fails
   * @throws UnsupportedOperationException if this storage cannot aggregate (the default)
   */
  default AggregateResult aggregate(AggregateRequest request) {
    throw new UnsupportedOperationException("this storage does not support aggregates");
  }

  /** Releases connections and threads; the storage is unusable afterwards. */
  @Override
  void close();
}
