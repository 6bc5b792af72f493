package io.eventrelay.internal;

import io.eventrelay.Event;
import io.eventrelay.EventRelayException;
import io.eventrelay.OutcomeUnknownException;
import io.eventrelay.RelayClosedException;
import io.eventrelay.StorageException;
import io.eventrelay.spi.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Failures: a transient one (the database or the connection failed: {@link
 * StorageException#isTransient()}) fails the whole group at once, since each request alone would
 * fail the same way after the same wait. Any other failure of a shared commit belongs to one of its
 * requests (a topic deleted meanwhile, a constraint), so each request is then retried alone and
 * only that one fails. A commit whose outcome is unknown ({@link OutcomeUnknownException}) is
 * resolved by the events' ids ({@link CommitResolver}) before any caller hears of it. Every request
 * a leader takes is completed, whatever it throws.
 *
 * <p>After each commit, still holding the commit lock, the committing thread hands the committed
 * events to an after-commit hook (the relay's live listeners): so the hook sees commits one at a
 * time, in commit order.
 */
public final class GroupCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final long HAND_OVER_CHECK_NANOS = 100_000_000;
  private static final long DRAIN_CHECK_NANOS = 1_000_000;
  private final Storage storage;
  private final Clock clock;
  private final int maxEventsPerCommit;
  private final BiConsumer<List<Event>, Committed> afterCommit;
  private final CommitResolver resolver;
  private final SafeMeters meters;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closed;
  private Instant lastRecordedAt = Instant.EPOCH;

  /**
   * @param maxEventsPerCommit the most events one shared commit gathers; a single larger batch
   *     still commits whole
   * @param afterCommit called with the events and result of each commit, in commit order, before
   *     the next commit starts; it must return quickly, and what it throws is logged
   * @param meters told of every commit
   */
  public GroupCommitter(
      Storage storage,
      Clock clock,
      int maxEventsPerCommit,
      BiConsumer<List<Event>, Committed> afterCommit,
      SafeMeters meters) {
    this.meters = meters;
    this.storage = storage;
    this.clock = clock;
    this.maxEventsPerCommit = maxEventsPerCommit;
    this.afterCommit = afterCommit;
    this.resolver = new CommitResolver(storage);
  }

  /** The result of one append: offsets in event order, and the recording time of its commit. */
  public record Committed(long[] offsets, Instant recordedAt) {}

  /**
   * Appends the events atomically, committed together with other callers' events.
   *
   * @return once the events are committed
   * @throws StorageException if the storage failed; nothing was stored, unless it is an {@link
   *     OutcomeUnknownException}
   * @throws RelayClosedException if {@link #close} was called
   * @throws EventRelayException if the calling thread was interrupted before its events were taken
   *     into a commit (nothing was stored; the thread's interrupt status is set again)
   */
  public Committed append(List<Event> events) {
    active.incrementAndGet();
    try {
      if (closed) {
        throw new RelayClosedException("this EventRelay is closed");
      }
      storage.checkPublishingThread();
      return appendQueued(new Request(events));
    } finally {
      active.decrementAndGet();
    }
  }

  /**
   * Refuses new appends and waits up to {@code timeout} for those under way to finish.
   *
   * @return whether they finished in time
   */
  public boolean close(Duration timeout) {
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (active.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(DRAIN_CHECK_NANOS);
    }
    return true;
  }

  private Committed appendQueued(Request mine) {
    queue.add(mine);
    boolean interrupted = false;
    try {
      while (!mine.done) {
        if (lock.tryLock()) {
          lead(mine);
        } else {
          // A leader hands on by unparking; the timeout only guards against a lost hand-over.
          LockSupport.parkNanos(this, HAND_OVER_CHECK_NANOS);
          if (Thread.interrupted()) {
            interrupted = true;
            if (mine.cancel()) {
              wakeNext();
              throw new EventRelayException(
                  "interrupted while waiting for a group commit; the events were not stored");
            }
            // A leader took the request: its commit is under way and will complete it.
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
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

  /** Commits queued groups until {@code mine} is done, then hands leadership on. */
  private void lead(Request mine) {
    try {
      while (!mine.done) {
        commitQueued();
      }
    } finally {
      lock.unlock();
    }
    wakeNext();
  }

  /** Wakes the oldest caller still waiting, to lead the next commit. */
  private void wakeNext() {
    for (Request r : queue) {
      if (r.waiting()) {
        LockSupport.unpark(r.thread);
        return;
      }
    }
  }

  private void commitQueued() {
    List<Request> group = new ArrayList<>();
    List<Event> all = new ArrayList<>();
    Request next;
    while ((next = queue.peek()) != null
        && (group.isEmpty() || all.size() + next.events.size() <= maxEventsPerCommit)) {
      queue.poll(); // only the leader takes from the queue: this is the request peeked
      if (next.take()) {
        group.add(next);
        all.addAll(next.events);
      }
    }
    if (group.isEmpty()) {
      return; // every request queued was cancelled
    }
    try {
      commitGroup(group, all);
    } catch (Throwable t) {
      // Nothing a commit throws may leave a taken request, and so its caller, waiting.
      StorageException failure =
          new StorageException("the group commit failed unexpectedly: " + t, t);
      group.forEach(r -> r.complete(null, failure));
      throw t;
    }
  }

  private void commitGroup(List<Request> group, List<Event> all) {
    if (group.size() == 1) {
      commitAlone(group.get(0));
      return;
    }
    Instant recordedAt = recordingTime();
    Committed committed;
    try {
      committed = commit(all, recordedAt);
    } catch (StorageException e) {
      if (e.isTransient()) {
        group.forEach(r -> r.complete(null, e));
        return;
      }
      LOG.debug("a group commit of {} requests failed; committing each alone", group.size(), e);
      group.forEach(this::commitAlone);
      return;
    } catch (RuntimeException e) {
      LOG.debug("a group commit of {} requests failed; committing each alone", group.size(), e);
      group.forEach(this::commitAlone);
      return;
    }
    int at = 0;
    for (Request r : group) {
      long[] own = new long[r.events.size()];
      System.arraycopy(committed.offsets(), at, own, 0, own.length);
      at += own.length;
      r.complete(new Committed(own, recordedAt), null);
    }
    announce(all, committed);
  }

  private void commitAlone(Request r) {
    if (r.done) {
      return;
    }
    Committed committed;
    try {
      committed = commit(r.events, recordingTime());
    } catch (RuntimeException e) {
      r.complete(null, e);
      return;
    }
    r.complete(committed, null);
    announce(r.events, committed);
  }

  /** One storage append; an unknown outcome is resolved by the events' ids. */
  private Committed commit(List<Event> events, Instant recordedAt) {
    long started = System.nanoTime();
    Committed committed;
    try {
      committed = new Committed(storage.append(events, recordedAt), recordedAt);
    } catch (OutcomeUnknownException unknown) {
      committed = new Committed(resolver.resolve(events, unknown), recordedAt);
    }
    if (meters.enabled()) {
      long topics = events.stream().map(Event::topic).distinct().count();
      meters.committed(events.size(), (int) topics, Duration.ofNanos(System.nanoTime() - started));
    }
    return committed;
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
    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int CANCELLED = 2;

    final List<Event> events;
    final Thread thread = Thread.currentThread();
    final AtomicInteger state = new AtomicInteger(QUEUED);
    volatile boolean done;
    Committed result;
    RuntimeException failure;

    Request(List<Event> events) {
      this.events = events;
    }

    boolean waiting() {
      return state.get() == QUEUED;
    }

    /** Takes the request into a commit; false if its caller gave up waiting first. */
    boolean take() {
      return state.compareAndSet(QUEUED, TAKEN);
    }

    /** Gives up waiting; false if a leader already took the request into a commit. */
    boolean cancel() {
      if (state.compareAndSet(QUEUED, CANCELLED)) {
        done = true;
        return true;
      }
      return false;
    }

    void complete(Committed result, RuntimeException failure) {
      if (done) {
        return;
      }
      this.result = result;
      this.failure = failure;
      this.done = true;
      LockSupport.unpark(thread);
    }
  }
}
