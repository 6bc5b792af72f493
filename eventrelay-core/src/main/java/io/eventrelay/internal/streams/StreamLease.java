package io.eventrelay.internal.streams;

import io.eventrelay.CursorConflictException;
import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.LeaseLostException;
import io.eventrelay.UnknownSubscriptionException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.internal.FilteredReads;
import io.eventrelay.internal.RelayContext;
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
 * compare-and-set commit detects). When a storage call that moves the cursor fails, the cursor may
 * have moved or not: the lease is then <em>stale</em> and the next operation re-reads it first. Not
 * thread-safe: its {@link StreamSubscription} serialises calls.
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
   * A call that moves the cursor failed, so {@link #committed} (and whether this consumer still
   * holds the lease) may be wrong: the next operation re-reads them.
   */
  private boolean stale;

  /** The offset of the last commit that failed in flight (it may have gone through), or 0. */
  private long uncertainCommit;

  /**
   * Changes whenever the position may jump (lease taken or lost, seek, cursor re-read): a batch
   * read before is stale.
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

  /**
   * Whether this consumer holds the lease, believes what it knows of the cursor, and its position
   * has not jumped since {@code generation}: what a batch read then may still be committed under.
   */
  boolean current(long generation) {
    return held && !stale && generation == this.generation;
  }

  /** The cursor as stored now. */
  long storedCursor() {
    return streams.find(topic, name).orElseThrow(this::gone).committed();
  }

  /**
   * Reads up to {@code max} events after the position and moves the position past them; empty if
   * another consumer holds the lease. With a filter, when the page is short the position moves to
   * the topic's end as read before the page, since nothing up to there matches any more. A filter
   * that runs in memory reads on past events that do not match, renewing the lease as it goes.
   */
  List<Event> read(int max) {
    if (!ensure()) {
      return List.of();
    }
    long end = filter.isAll() ? 0 : context.storage().lastOffset(topic);
    FilteredReads.Page page =
        FilteredReads.read(context.storage(), topic, null, next, max, filter, this::ensure);
    next = Math.max(next, page.examinedTo() + 1);
    if (page.end() && end >= next) {
      next = end + 1;
    }
    return page.events();
  }

  /**
   * Makes sure this consumer holds the lease: renews it when a third of it has passed, or takes it
   * if it is free (then the position restarts after the cursor).
   *
   * @return false if another consumer holds it
   * @throws LeaseLostException if this consumer held it and another took it over
   */
  boolean ensure() {
    if (held && stale) {
      resync();
    }
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
    stale = false;
    renewedAt = now;
    committed = cursor.getAsLong();
    next = committed + 1;
    generation++;
    return true;
  }

  /**
   * Moves the cursor to {@code offset}, in the caller's transaction if {@code connection} is not
   * null; see {@link io.eventrelay.Subscription#commit(long)}. If the storage fails, the lease
   * turns stale: the commit may have taken effect.
   */
  void commit(Connection connection, long offset) {
    if (held && stale) {
      resync();
    }
    if (!held) {
      throw new LeaseLostException(
          topic,
          name,
          "this consumer does not hold the lease of " + this + "; poll takes it when it is free");
    }
    if (offset == committed && offset == uncertainCommit) {
      uncertainCommit = 0;
      return; // the commit that failed in flight went through: retrying it is done
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
    boolean moved;
    try {
      moved =
          connection == null
              ? streams.commit(topic, name, owner, committed, offset, until)
              : streams.commit(connection, topic, name, owner, committed, offset, until);
    } catch (RuntimeException e) {
      stale = true;
      uncertainCommit = offset;
      throw e;
    }
    uncertainCommit = 0;
    if (!moved) {
      throw diagnose();
    }
    committed = offset;
    renewedAt = now;
  }

  /**
   * Sets the cursor so that {@code offset} is delivered next; see Subscription#seek. If the storage
   * fails, the position restarts after the stored cursor, wherever the seek left it.
   */
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
    boolean moved;
    try {
      moved = streams.seek(topic, name, owner, offset - 1, now.plus(duration));
    } catch (RuntimeException e) {
      restart();
      throw e;
    }
    if (!moved) {
      throw diagnose();
    }
    renewedAt = now;
    committed = offset - 1;
    next = offset;
    generation++;
  }

  /**
   * Forgets the position, after a failure abandoned the events read up to it: the next operation
   * re-reads the cursor and the position restarts after it.
   */
  void restart() {
    stale = true;
    next = 0; // resync() moves it to just after the stored cursor
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

  /**
   * Why a conditional update did nothing: the subscription or the lease is gone (thrown), or the
   * cursor is not where this consumer committed it (returned). Resets what this consumer believed.
   */
  private CursorConflictException diagnose() {
    long believed = committed;
    resync();
    next = committed + 1;
    return new CursorConflictException(
        topic,
        name,
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

  /**
   * Re-reads the lease and the cursor. The position stays, unless it lies at or before the cursor
   * (or was forgotten by {@link #restart()}): then it moves to just after the cursor.
   *
   * @throws LeaseLostException if another consumer holds the lease now (or nobody does)
   * @throws UnknownSubscriptionException if the subscription was deleted ({@link
   *     UnknownTopicException} if its topic was)
   */
  private void resync() {
    stale = true; // until the row is read
    StreamRecord row = streams.find(topic, name).orElseThrow(this::gone);
    stale = false;
    generation++;
    if (!owner.equals(row.owner())) {
      held = false;
      throw new LeaseLostException(
          topic,
          name,
          "another consumer took over the lease of "
              + this
              + "; events delivered here after offset "
              + committed
              + " will be delivered again");
    }
    committed = row.committed();
    next = Math.max(next, committed + 1);
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
