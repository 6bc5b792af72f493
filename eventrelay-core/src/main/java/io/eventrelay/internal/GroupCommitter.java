package io.eventrelay.internal;

import io.eventrelay.Event;
import io.eventrelay.spi.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces concurrent appends into one storage transaction (group commit), without a thread of its
 * own (leader/followers): each caller queues its events; one caller at a time holds the commit lock
 * and commits every queued request (up to {@code maxEventsPerCommit}) in one transaction; the
 * others park. A finished commit wakes the callers it contains, which return at once, and the
 * leader hands the lock to the oldest caller still queued, whose commit takes everything that
 * queued meanwhile. So a commit's duration is what gathers the next group.
 *
 * <p>If a shared commit fails, each request in it is retried alone, so one caller's failure (a
 * topic deleted meanwhile) never fails another's events.
 *
 * <p>After each commit, still holding the commit lock, the committing thread hands the committed
 * events to an after-commit hook (the relay's live listeners): so the hook sees commits one at a
 * time, in commit order.
 */
public final class GroupCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private final Storage storage;
  private final Clock clock;
  private final int maxEventsPerCommit;
  private final BiConsumer<List<Event>, Committed> afterCommit;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private Instant lastRecordedAt = Instant.EPOCH;

  /**
   * @param maxEventsPerCommit the most events one shared commit gathers; a single larger batch
   *     still commits whole
   * @param afterCommit called with the events and result of each commit, in commit order, before
   *     the next commit starts; it must return quickly, and what it throws is logged
   */
  public GroupCommitter(
      Storage storage,
      Clock clock,
      int maxEventsPerCommit,
      BiConsumer<List<Event>, Committed> afterCommit) {
    this.storage = storage;
    this.clock = clock;
    this.maxEventsPerCommit = maxEventsPerCommit;
    this.afterCommit = afterCommit;
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
    while (!mine.done) {
      if (lock.tryLock()) {
        try {
          while (!mine.done) {
            commitQueued();
          }
        } finally {
          lock.unlock();
        }
        // Hand leadership on: whoever queued while we committed leads the next commit.
        Request next = queue.peek();
        if (next != null) {
          LockSupport.unpark(next.thread);
        }
      } else {
        LockSupport.park(this);
      }
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
    announce(all, new Committed(offsets, recordedAt));
  }

  private void commitAlone(Request r) {
    Instant recordedAt = recordingTime();
    Committed committed;
    try {
      committed = new Committed(storage.append(r.events, recordedAt), recordedAt);
    } catch (RuntimeException e) {
      r.complete(null, e);
      return;
    }
    r.complete(committed, null);
    announce(r.events, committed);
  }

  private void announce(List<Event> events, Committed committed) {
    try {
      afterCommit.accept(events, committed);
    } catch (RuntimeException e) {
      LOG.warn("the after-commit hook failed; the commit stands", e);
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
    final Thread thread = Thread.currentThread();
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
      LockSupport.unpark(thread);
    }
  }
}
