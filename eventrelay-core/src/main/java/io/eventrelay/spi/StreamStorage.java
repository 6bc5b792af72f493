package io.eventrelay.spi;

import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a storage keeps stream subscriptions: a cursor per (topic, name) and the lease that makes
 * one consumer at a time active. Obtained from {@link Storage#streams()}.
 *
 * <p>Every method that changes a lease or a cursor is one conditional update, atomic across every
 * relay and process on the database: it takes effect only when its condition on the owner holds,
 * and reports whether it did. Times come from the relay's clock. Implementations must be
 * thread-safe.
 */
public interface StreamStorage {

  /**
   * Creates the subscription with its cursor at {@code committed} and no owner, unless it exists;
   * returns it as stored either way. Must not race with the deletion of the topic.
   *
   * @param filter the filter's text, or {@code null} for all events
   * @throws io.eventrelay.UnknownTopicException if the topic does not exist; nothing is stored
   */
  StreamRecord open(String topic, String name, String filter, long committed, Instant now);

  /** The subscription, if it exists. */
  Optional<StreamRecord> find(String topic, String name);

  /**
   * Gives the lease to {@code owner} until {@code until} if nobody holds it, or its holder's lease
   * expired before {@code now}, or {@code owner} holds it already.
   *
   * @return the cursor, if {@code owner} now holds the lease; empty if another consumer does or the
   *     subscription does not exist
   */
  OptionalLong acquire(String topic, String name, String owner, Instant now, Instant until);

  /**
   * Extends the lease to {@code until} if {@code owner} holds it (expired or not: nobody else took
   * it meanwhile).
   *
   * @return whether it did
   */
  boolean renew(String topic, String name, String owner, Instant until);

  /**
   * Moves the cursor from {@code from} to {@code to} and extends the lease to {@code until}, if
   * {@code owner} holds the lease and the cursor is at {@code from}.
   *
   * @return whether it did
   */
  boolean commit(String topic, String name, String owner, long from, long to, Instant until);

  /**
   * As {@link #commit(String, String, String, long, long, Instant)}, within the caller's
   * transaction on {@code connection}, which the storage neither commits nor closes.
   */
  boolean commit(
      Connection connection,
      String topic,
      String name,
      String owner,
      long from,
      long to,
      Instant until);

  /**
   * Sets the cursor to {@code to}, wherever it is, and extends the lease to {@code until}, if
   * {@code owner} holds the lease.
   *
   * @return whether it did
   */
  boolean seek(String topic, String name, String owner, long to, Instant until);

  /** Gives up the lease if {@code owner} holds it, so that any consumer may take it at once. */
  void release(String topic, String name, String owner);

  /**
   * Deletes the subscription, its cursor and lease.
   *
   * @return whether it existed
   */
  boolean delete(String topic, String name);
}
