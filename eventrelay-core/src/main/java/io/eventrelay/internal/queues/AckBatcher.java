package io.eventrelay.internal.queues;

import io.eventrelay.RelayClosedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges a worker's finished jobs in batches, on a thread of its own: while one batch
 * commits, the next one gathers, so a worker that finishes jobs quickly commits many per
 * transaction and its handler threads never wait for a commit.
 *
 * <p>A batch that fails is retried, after 10 ms, then twice as long each time up to 1 s, for as
 * long as the leases of its jobs last: a job whose lease ended is dropped from the batch (it will
 * be delivered again), the others stay. {@link #close()} cuts the current wait short, so that the
 * last acknowledgements are retried at once.
 */
final class AckBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(AckBatcher.class);

  /** The most jobs acknowledged by one storage call. */
  static final int MAX_BATCH = 1000;

  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RelayJobQueue queue;
  private final String name;
  private final Runnable afterFlush;
  private final LogLimiter failures;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition(); // jobs were added, or closing began
  private final Condition hurried = lock.newCondition(); // closing began, or gave up
  private final Thread thread;
  private List<ClaimedJob> pending = new ArrayList<>();
  private boolean closing;
  private boolean hurry; // retry the failed batch at once
  private boolean givenUp;

  /**
   * @param name names the thread and the log lines
   * @param afterFlush runs after each batch that acknowledged something
   * @param failures limits the log lines about failed batches
   */
  AckBatcher(RelayJobQueue queue, String name, Runnable afterFlush, LogLimiter failures) {
    this.queue = queue;
    this.name = name;
    this.afterFlush = afterFlush;
    this.failures = failures;
    this.thread = new Thread(this::loop, name + "-acks");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues the job for acknowledgement. */
  void add(ClaimedJob job) {
    lock.lock();
    try {
      pending.add(job);
      if (pending.size() == 1) {
        added.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops once everything added is acknowledged, or dropped because its lease ended; returns at
   * once. A failed batch is retried at once, then with the usual backoff.
   */
  void close() {
    lock.lock();
    try {
      closing = true;
      hurry = true;
      added.signal();
      hurried.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code millis} for the thread to stop after {@link #close()}; if it is still
   * retrying then, it gives up (the jobs left will be delivered again).
   *
   * @return whether every job added was settled in time
   */
  boolean awaitClosed(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    if (!thread.isAlive()) {
      return true;
    }
    lock.lock();
    try {
      givenUp = true;
      hurried.signal();
    } finally {
      lock.unlock();
    }
    return false;
  }

  private void loop() {
    while (true) {
      List<ClaimedJob> batch = next();
      if (batch == null) {
        return;
      }
      for (int from = 0; from < batch.size(); from += MAX_BATCH) {
        List<ClaimedJob> jobs = batch.subList(from, Math.min(batch.size(), from + MAX_BATCH));
        try {
          flush(jobs);
        } catch (RuntimeException | Error e) {
          LOG.error(
              "{}: acknowledging {} jobs failed unexpectedly; going on", name, jobs.size(), e);
        }
      }
    }
  }

  /** Waits for jobs to acknowledge, and takes them; null once closed and none is left. */
  private List<ClaimedJob> next() {
    lock.lock();
    try {
      while (pending.isEmpty()) {
        if (closing) {
          return null;
        }
        added.awaitUninterruptibly();
      }
      List<ClaimedJob> batch = pending;
      pending = new ArrayList<>();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Acknowledges the jobs, retrying with backoff while the leases of some of them last. */
  private void flush(List<ClaimedJob> jobs) {
    long backoff = FIRST_RETRY_NANOS;
    while (true) {
      List<ClaimedJob> lost;
      try {
        lost = queue.batches().ackAll(jobs);
      } catch (RelayClosedException e) {
        LOG.warn(
            "{}: {} finished jobs will be delivered again: {}", name, jobs.size(), e.getMessage());
        return;
      } catch (RuntimeException | Error e) {
        failures.log(
            LOG, name + ": acknowledging finished jobs failed (" + jobs.size() + "); retrying", e);
        jobs = leased(jobs);
        if (jobs.isEmpty()) {
          return;
        }
        if (!awaitRetry(backoff)) {
          LOG.warn(
              "{}: gave up acknowledging {} finished jobs; they will be delivered again",
              name,
              jobs.size());
          return;
        }
        backoff = Math.min(2 * backoff, MAX_RETRY_NANOS);
        continue;
      }
      if (!lost.isEmpty()) {
        LOG.warn(
            "{}: {} finished jobs had lost their leases (expired, or settled elsewhere) and will be"
                + " delivered again: {}",
            name,
            lost.size(),
            lost.size() <= 5 ? lost : lost.subList(0, 5) + " and more");
      }
      if (lost.size() < jobs.size()) {
        afterFlush.run();
      }
      return;
    }
  }

  /** The jobs whose lease has not ended by the relay's clock; logs the others. */
  private List<ClaimedJob> leased(List<ClaimedJob> jobs) {
    Instant now = queue.now();
    List<ClaimedJob> leased = new ArrayList<>(jobs.size());
    for (ClaimedJob job : jobs) {
      if (!now.isAfter(job.leaseUntil())) {
        leased.add(job);
      }
    }
    if (leased.size() < jobs.size()) {
      queue.meters().leaseLost(queue.topic(), queue.name(), jobs.size() - leased.size());
      LOG.warn(
          "{}: {} finished jobs could not be acknowledged before their leases ended"
              + " and will be delivered again",
          name,
          jobs.size() - leased.size());
    }
    return leased;
  }

  /**
   * Waits before the next retry, less if {@link #close()} hurries it.
   *
   * @return false to give up: the worker's close stopped waiting, or this thread was interrupted
   */
  private boolean awaitRetry(long nanos) {
    lock.lock();
    try {
      if (!hurry && !givenUp) {
        hurried.awaitNanos(nanos);
      }
      hurry = false;
      return !givenUp;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
