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
   * @param recordedAt the recording time to store on every event
   * @return the offsets assigned, one per event, in the order of {@code events}
   * @throws io.eventrelay.UnknownTopicException if a topic does not exist; nothing is stored
   */
  long[] append(List<Event> events, Instant recordedAt);

  /**
   * Appends validated events within the caller's transaction: they commit or roll back with it. The
   * storage neither commits nor closes {@code connection}.
   *
   * @return the offsets assigned, as for {@link #append(List, Instant)}
   */
  long[] append(Connection connection, List<Event> events, Instant recordedAt);

  /** Reads events of one topic in offset order. */
  List<Event> read(ReadRequest request);

  /**
   * The offset of the first event of {@code topic} recorded at or after {@code time}, or the next
   * offset to be assigned when there is none.
   */
  long offsetAt(String topic, Instant time);

  /** The highest offset committed in {@code topic}, or 0 when it is empty. */
  long lastOffset(String topic);

  /** Releases connections and threads; the storage is unusable afterwards. */
  @Override
  void close();
}
