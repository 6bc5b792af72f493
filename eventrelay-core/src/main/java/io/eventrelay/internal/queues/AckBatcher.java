package io.eventrelay.internal.queues;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges a worker's finished jobs in batches, on a thread of its own: while one batch
 * commits, the next one gathers, so a worker that finishes jobs quickly commits many per
 * transaction and its handler threads never wait for a commit.
 */
final class AckBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(AckBatcher.class);

  /** The most jobs acknowledged by one storage call. */
  static final int MAX_BATCH = 1000;

  private final RelayJobQueue queue;
  private final Runnable afterFlush;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final Thread thread;
  private List<ClaimedJob> pending = new ArrayList<>();
  private boolean closing;

  /**
   * @param afterFlush runs after each batch that acknowledged something
   */
  AckBatcher(RelayJobQueue queue, String threadName, Runnable afterFlush) {
    this.queue = queue;
    this.afterFlush = afterFlush;
    this.thread = new Thread(this::loop, threadName);
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

  /** Acknowledges what was added, then stops; waits at most {@code millis} for that. */
  void close(long millis) throws InterruptedException {
    lock.lock();
    try {
      closing = true;
      added.signal();
    } finally {
      lock.unlock();
    }
    thread.join(Math.max(1, millis));
  }

  private void loop() {
    while (true) {
      List<ClaimedJob> batch;
      lock.lock();
      try {
        while (pending.isEmpty()) {
          if (closing) {
            return;
          }
          added.awaitUninterruptibly();
        }
        batch = pending;
        pending = new ArrayList<>();
      } finally {
        lock.unlock();
      }
      for (int from = 0; from < batch.size(); from += MAX_BATCH) {
        flush(batch.subList(from, Math.min(batch.size(), from + MAX_BATCH)));
      }
    }
  }

  private void flush(List<ClaimedJob> jobs) {
    List<ClaimedJob> lost;
    try {
      lost = queue.ackAll(jobs);
    } catch (RuntimeException e) {
      LOG.warn(
          "{} finished jobs could not be acknowledged; they run again when their leases expire",
          jobs.size(),
          e);
      return;
    }
    // Acknowledging a lost job alone says why it was lost.
    lost.forEach(job -> QueueWorker.settleQuietly(() -> queue.ack(job), job));
    if (lost.size() < jobs.size()) {
      afterFlush.run();
    }
  }
}
