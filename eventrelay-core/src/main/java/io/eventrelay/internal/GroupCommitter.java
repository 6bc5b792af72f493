package io.eventrelay.internal;

import io.eventrelay.Event;
import io.eventrelay.spi.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces concurrent appends into one storage transaction (group commit), without a thread of its
 * own: each caller queues its events and takes the commit lock; whoever holds it commits every
 * queued request (up to {@code maxEventsPerCommit}), so the callers that queued while the previous
 * commit ran are committed together. Each caller returns once the commit holding its events is
 * done.
 *
 * <p>If a shared commit fails, each request in it is retried alone, so one caller's failure (a
 * topic deleted meanwhile) never fails another's events.
 */
public final class GroupCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private final Storage storage;
  private final Clock clock;
  private final int maxEventsPerCommit;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private Instant lastRecordedAt = Instant.EPOCH;

  /**
   * @param maxEventsPerCommit the most events one shared commit gathers; a single larger batch
   *     still commits whole
   */
  public GroupCommitter(Storage storage, Clock clock, int maxEventsPerCommit) {
    this.storage = storage;
    this.clock = clock;
    this.maxEventsPerCommit = maxEventsPerCommit;
  }

  /** The result of one append: offsets in event order, and the recording time of its commit. */
  public record Committed(long[] offsets, Instant recordedAt) {}

  /**
   * Appends the events atomically, committed together with other callers' events.
   *
   * @return once the events are committed
   */
  public Committed append(List<Event> events) {
    Request mine = new Request(events);
    queue.add(mine);
    lock.lock();
    try {
      while (!mine.done) {
        commitQueued();
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.result;
  }

  /** How many requests are waiting for a commit; for tests and metrics. */
  public int queued() {
    return queue.size();
  }

  private void commitQueued() {
    List<Request> group = new ArrayList<>();
    List<Event> all = new ArrayList<>();
    Request next;
    while ((next = queue.peek()) != null
        && (group.isEmpty() || all.size() + next.events.size() <= maxEventsPerCommit)) {
      queue.poll();
      group.add(next);
      all.addAll(next.events);
    }
    if (group.size() == 1) {
      commitAlone(group.get(0));
      return;
    }
    Instant recordedAt = recordingTime();
    long[] offsets;
    try {
      offsets = storage.append(all, recordedAt);
    } catch (RuntimeException shared) {
      LOG.debug(
          "a group commit of {} requests failed; committing each alone", group.size(), shared);
      group.forEach(this::commitAlone);
      return;
    }
    int at = 0;
    for (Request r : group) {
      long[] own = new long[r.events.size()];
      System.arraycopy(offsets, at, own, 0, own.length);
      at += own.length;
      r.complete(new Committed(own, recordedAt), null);
    }
  }

  private void commitAlone(Request r) {
    Instant recordedAt = recordingTime();
    try {
      r.complete(new Committed(storage.append(r.events, recordedAt), recordedAt), null);
    } catch (RuntimeException e) {
      r.complete(null, e);
    }
  }

  /** The clock's time, never earlier than this relay's previous commit. */
  private Instant recordingTime() {
    Instant now = clock.instant();
    if (now.isBefore(lastRecordedAt)) {
      return lastRecordedAt;
    }
    lastRecordedAt = now;
    return now;
  }

  private static final class Request {
    final List<Event> events;
    volatile boolean done;
    Committed result;
    RuntimeException failure;

    Request(List<Event> events) {
      this.events = events;
    }

    void complete(Committed result, RuntimeException failure) {
      this.result = result;
      this.failure = failure;
      this.done = true;
    }
  }
}
