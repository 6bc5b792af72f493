package io.eventrelay.internal.streams;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.LeaseLostException;
import io.eventrelay.UnknownSubscriptionException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.internal.RelayContext;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.StreamRecord;
import io.eventrelay.spi.StreamStorage;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One consumer's lease on a subscription, and its position: what it believes about the lease and
 * the cursor, kept true by conditional updates in storage.
 *
 * <p>While this consumer holds the lease, nobody else moves the cursor, so {@link #committed()} is
 * the stored cursor (unless a caller's transaction that moved it rolled back, which the next
 * compare-and-set commit detects). Not thread-safe: its {@link StreamSubscription} serialises
 * calls.
 */
final class StreamLease {
  private final RelayContext context;
  private final StreamStorage streams;
  private final String topic;
  private final String name;
  private final Filter filter;
  private final Duration duration;
  private final Duration renewAfter;
  private final String owner = UUID.randomUUID().toString();

  private boolean held;
  private Instant renewedAt;
  private long committed;
  private long next;

  /**
   * Changes whenever the position jumps (lease taken or lost, seek): a batch read before is stale.
   */
  private long generation;

  StreamLease(RelayContext context, String topic, String name, Filter filter, Duration duration) {
    this.context = context;
    this.streams = context.storage().streams();
    this.topic = topic;
    this.name = name;
    this.filter = filter;
    this.duration = duration;
    this.renewAfter = duration.dividedBy(3);
  }

  boolean held() {
    return held;
  }

  long committed() {
    return committed;
  }

  /** The last offset this consumer polled past: what it may commit up to. */
  long horizon() {
    return next - 1;
  }

  long generation() {
    return generation;
  }

  /** The cursor as stored now. */
  long storedCursor() {
    return streams.find(topic, name).orElseThrow(this::gone).committed();
  }

  /**
   * Reads up to {@code max} events after the position and moves the position past them; empty if
   * another consumer holds the lease. With a filter, when the page is short the position moves to
   * the topic's end as read before the page, since nothing up to there matches any more.
   */
  List<Event> read(int max) {
    if (!ensure()) {
      return List.of();
    }
    long end = filter.isAll() ? 0 : context.storage().lastOffset(topic);
    List<Event> page = context.storage().read(new ReadRequest(topic, null, next, max, filter));
    if (!page.isEmpty()) {
      next = page.get(page.size() - 1).offset() + 1;
    }
    if (page.size() < max && end >= next) {
      next = end + 1;
    }
    return page;
  }

  /**
   * Makes sure this consumer holds the lease: renews it when a third of it has passed, or takes it
   * if it is free (then the position restarts after the cursor).
   *
   * @return false if another consumer holds it
   * @throws LeaseLostException if this consumer held it and another took it over
   */
  boolean ensure() {
    Instant now = context.clock().instant();
    Instant until = now.plus(duration);
    if (held) {
      if (now.isBefore(renewedAt.plus(renewAfter))) {
        return true;
      }
      if (!streams.renew(topic, name, owner, until)) {
        throw diagnose();
      }
      renewedAt = now;
      return true;
    }
    StreamRecord row = streams.find(topic, name).orElseThrow(this::gone);
    boolean taken = row.owner() != null && !row.owner().equals(owner);
    if (taken && !row.leaseUntil().isBefore(now)) {
      return false;
    }
    OptionalLong cursor = streams.acquire(topic, name, owner, now, until);
    if (cursor.isEmpty()) {
      return false;
    }
    held = true;
    renewedAt = now;
    committed = cursor.getAsLong();
    next = committed + 1;
    generation++;
    return true;
  }

  /**
   * Moves the cursor to {@code offset}, in the caller's transaction if {@code connection} is not
   * null; see {@link io.eventrelay.Subscription#commit(long)}.
   */
  void commit(Connection connection, long offset) {
    if (!held) {
      throw new LeaseLostException(
          topic,
          name,
          "this consumer does not hold the lease of " + this + "; poll takes it when it is free");
    }
    if (offset <= committed || offset > horizon()) {
      throw new IllegalArgumentException(
          "offset must be more than the committed offset "
              + committed
              + " and at most the last offset delivered to this consumer, "
              + horizon()
              + " (was "
              + offset
              + ")");
    }
    Instant now = context.clock().instant();
    Instant until = now.plus(duration);
    boolean moved =
        connection == null
            ? streams.commit(topic, name, owner, committed, offset, until)
            : streams.commit(connection, topic, name, owner, committed, offset, until);
    if (!moved) {
      throw diagnose();
    }
    committed = offset;
    renewedAt = now;
  }

  /** Sets the cursor so that {@code offset} is delivered next; see Subscription#seek. */
  void seek(long offset) {
    long end = context.storage().lastOffset(topic) + 1;
    if (offset < 1 || offset > end) {
      throw new IllegalArgumentException(
          "offset must be between 1 and "
              + end
              + ", the next offset of topic '"
              + topic
              + "' (was "
              + offset
              + ")");
    }
    if (!ensure()) {
      throw new LeaseLostException(
          topic, name, "another consumer holds the lease of " + this + "; seek needs it");
    }
    Instant now = context.clock().instant();
    if (!streams.seek(topic, name, owner, offset - 1, now.plus(duration))) {
      throw diagnose();
    }
    renewedAt = now;
    committed = offset - 1;
    next = offset;
    generation++;
  }

  /** Gives the lease up, if this consumer holds it. */
  void release() {
    if (held) {
      held = false;
      generation++;
      streams.release(topic, name, owner);
    }
  }

  /** Why a conditional update did nothing; resets what this consumer believed. */
  private RuntimeException diagnose() {
    StreamRecord row = streams.find(topic, name).orElse(null);
    if (row == null) {
      return gone();
    }
    generation++;
    if (!owner.equals(row.owner())) {
      held = false;
      return new LeaseLostException(
          topic,
          name,
          "another consumer took over the lease of "
              + this
              + "; events delivered here after offset "
              + committed
              + " will be delivered again");
    }
    long believed = committed;
    committed = row.committed();
    next = committed + 1;
    return new IllegalStateException(
        "the cursor of "
            + this
            + " is at "
            + committed
            + ", not at "
            + believed
            + " where this consumer committed it: a transaction that committed it rolled back."
            + " Roll back this transaction too; events after "
            + committed
            + " will be delivered again");
  }

  private RuntimeException gone() {
    held = false;
    generation++;
    if (context.storage().findTopic(topic).isEmpty()) {
      return new UnknownTopicException(topic);
    }
    return new UnknownSubscriptionException(topic, name);
  }

  @Override
  public String toString() {
    return "subscription '" + name + "' on topic '" + topic + "'";
  }
}
