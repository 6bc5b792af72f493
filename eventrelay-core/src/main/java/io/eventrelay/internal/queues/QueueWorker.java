package io.eventrelay.internal.queues;

import io.eventrelay.Job;
import io.eventrelay.QueueOptions;
import io.eventrelay.RelayClosedException;
import io.eventrelay.UnknownQueueException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Worker}. Claimer threads (two when it has several handler threads, so that one claim's
 * round trips overlap another's) keep a {@link JobBuffer} of claimed jobs filled (up to the running
 * jobs plus {@code prefetch}), and the first renews the leases of jobs that wait in it; handler
 * threads take jobs from the buffer, run the handler and hand finished jobs to an {@link
 * AckBatcher}. When a claim finds nothing, the claimer waits for the topic's signal or the poll
 * interval. Pausing closes the buffer to new jobs (claimers wait, a claim under way gives its jobs
 * back) and gives back the jobs waiting in it, on the caller's thread.
 *
 * <p>No thread of a worker stops on a failure, only on closing and deletion: a failure is logged
 * (at most one stack trace per {@link LogLimiter#INTERVAL} for each kind: handler failures, storage
 * failures), and a claimer backs off for the poll interval. The worker registers with the relay's
 * open consumers, so that the relay's close closes it.
 */
final class QueueWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

  /** The default prefetch for a queue without a concurrency limit. */
  static final int DEFAULT_PREFETCH = 300;

  /** How long {@link #close()} waits at least for a claim in progress and the last acks. */
  private static final long STORAGE_TIMEOUT_MILLIS = 30_000;

  /** The worker whose job the current thread runs, if it is a handler thread. */
  private static final ThreadLocal<QueueWorker> HANDLING = new ThreadLocal<>();

  private final RelayJobQueue queue;
  private final int threads;
  private final Duration pollInterval;
  private final Duration shutdownTimeout;
  private final long storageTimeoutMillis;
  private final Duration halfLease;
  private final Duration renewCheck;
  private final JobBuffer buffer;
  private final ExecutorService pool;
  private final List<Thread> claimers = new ArrayList<>();
  private final String name;
  private final AckBatcher acks;
  private final JobRunner runner;
  private final LogLimiter storageFailures = LogLimiter.standard("storage failures");
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;

  private QueueWorker(WorkerBuilder b) {
    this.queue = b.queue;
    this.threads = b.threads;
    int prefetch =
        b.prefetch >= 0
            ? b.prefetch
            : queue.options().concurrencyLimit().isPresent() ? 0 : DEFAULT_PREFETCH;
    this.pollInterval = b.pollInterval;
    this.shutdownTimeout = b.shutdownTimeout;
    this.storageTimeoutMillis = Math.max(shutdownTimeout.toMillis(), STORAGE_TIMEOUT_MILLIS);
    Duration lease = queue.options().leaseDuration();
    this.halfLease = lease.dividedBy(2);
    Duration quarter = lease.dividedBy(4);
    this.renewCheck = quarter.compareTo(pollInterval) < 0 ? quarter : pollInterval;
    String name = "eventrelay-" + queue.topic() + "-" + queue.name();
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    QueueOptions options = queue.options();
    boolean settlingFreesJobs = options.fifo() || options.concurrencyLimit().isPresent();
    Runnable afterFlush =
        () -> {
          if (settlingFreesJobs) {
            queue.signals().signal(queue.topic()); // the next job of a group, or a free slot
          }
        };
    this.acks = new AckBatcher(queue, name, afterFlush, storageFailures);
    this.runner = new JobRunner(queue, b.handler, acks, LogLimiter.standard("job failures"), name);
    this.name = name;
    int count = threads > 1 ? 2 : 1;
    this.buffer = new JobBuffer(threads + prefetch, count);
    for (int i = 1; i <= count; i++) {
      Thread t = new Thread(this::claimLoop, name + "-claimer-" + i);
      t.setDaemon(true);
      claimers.add(t);
    }
  }

  /**
   * Starts a worker and registers it with the relay's open consumers.
   *
   * @throws RelayClosedException if the relay is closing
   */
  static Worker start(WorkerBuilder b) {
    QueueWorker worker = new QueueWorker(b);
    if (!b.queue.consumers().add(worker)) {
      worker.close();
      throw new RelayClosedException("the relay is closing: " + worker.name + " did not start");
    }
    worker.startThreads();
    return worker;
  }

  private synchronized void startThreads() {
    if (closed) {
      throw new RelayClosedException("the relay closed while " + name + " was starting");
    }
    for (int i = 0; i < threads; i++) {
      pool.execute(this::work);
    }
    claimers.forEach(Thread::start);
  }

  @Override
  public boolean isRunning() {
    return buffer.isOpen();
  }

  @Override
  public void pause() {
    release(buffer.pause()); // a claim under way gives its jobs back when it ends
  }

  @Override
  public void resume() {
    if (buffer.resume()) {
      queue.signals().signal(queue.topic()); // the first claimer may be waiting for the topic
    }
  }

  @Override
  public boolean isPaused() {
    return buffer.isPaused();
  }

  @Override
  public void close() {
    boolean first;
    synchronized (this) {
      first = !closed;
      closed = true;
    }
    boolean ownHandler = HANDLING.get() == this;
    if (first) {
      stop();
      if (ownHandler) {
        // This thread's job finishes after close returns: the shutdown waits for it elsewhere.
        Thread closer = new Thread(this::finish, name + "-closer");
        closer.setDaemon(true);
        closer.start();
      } else {
        finish();
      }
    } else if (!ownHandler) {
      awaitStopped();
    }
  }

  /** Stops claiming, and lets each handler thread end after its job; waits for nothing. */
  private void stop() {
    buffer.close();
    // Wake the claimer from whichever wait it is in; it finishes a claim in progress first, and
    // the last claimer to stop releases the jobs that have not started.
    queue.signals().signal(queue.topic());
    claimers.forEach(LockSupport::unpark);
    pool.shutdown();
  }

  /** Waits, within bounds, for the claimers, the running jobs and the last acknowledgements. */
  private void finish() {
    try {
      joinClaimers();
      awaitJobs();
      acks.close();
      // Finished jobs are acknowledged however short the shutdown timeout.
      if (!acks.awaitClosed(storageTimeoutMillis)) {
        LOG.warn(
            "{}: the last acknowledgements did not succeed within {} ms",
            name,
            storageTimeoutMillis);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      acks.close(); // it still acknowledges what it has, without anyone waiting
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("{}: stopping failed", name, e);
    } finally {
      long skipped = runner.unlogged();
      if (skipped > 0) {
        LOG.warn("{}: {} more job failures were not logged", name, skipped);
      }
      queue.consumers().remove(this);
      stopped.countDown();
    }
  }

  private void joinClaimers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(storageTimeoutMillis);
    for (Thread t : claimers) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        LOG.warn(
            "{}: a claim still runs after {} ms; its jobs are released when it ends",
            name,
            storageTimeoutMillis);
        return;
      }
    }
  }

  private void awaitJobs() throws InterruptedException {
    long nanos = shutdownTimeout.toNanos();
    if (!pool.awaitTermination(nanos, TimeUnit.NANOSECONDS)) {
      LOG.warn("{}: jobs still running after {}; interrupting them", name, shutdownTimeout);
      pool.shutdownNow();
      if (!pool.awaitTermination(nanos, TimeUnit.NANOSECONDS)) {
        LOG.warn(
            "{}: jobs still running {} after they were interrupted; they will be delivered again",
            name,
            shutdownTimeout);
      }
    }
  }

  /** Waits for the {@link #finish()} of another call of {@link #close()}, within its bounds. */
  private void awaitStopped() {
    long bound = 2 * storageTimeoutMillis + 2 * shutdownTimeout.toMillis() + 1000;
    try {
      if (!stopped.await(bound, TimeUnit.MILLISECONDS)) {
        LOG.warn("{}: still stopping after {} ms", name, bound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void claimLoop() {
    boolean first = Thread.currentThread() == claimers.get(0);
    try {
      while (buffer.isOpen()) {
        try {
          if (!claimRound(first)) {
            return;
          }
        } catch (RuntimeException | Error e) {
          storageFailures.log(LOG, name + ": claiming failed unexpectedly; retrying", e);
          LockSupport.parkNanos(pollInterval.toNanos());
        }
      }
    } finally {
      claimerStopped();
    }
  }

  /**
   * Renews the leases of waiting jobs (the first claimer), then claims as many jobs as fit, or
   * waits for room or for new jobs.
   *
   * @return false once the relay is closed or the queue deleted: the worker stops
   */
  private boolean claimRound(boolean first) {
    if (first) {
      renewWaiting();
    }
    int wanted = awaitRoom(first);
    if (wanted == 0) {
      return true; // time to check the leases again, or stopping
    }
    long seen = queue.signals().version(queue.topic());
    List<Job> jobs;
    try {
      jobs = queue.claim(wanted);
    } catch (RelayClosedException | UnknownQueueException | UnknownTopicException e) {
      buffer.unreserve(wanted);
      LOG.info("{} stops: {}", name, e.getMessage());
      return false;
    } catch (RuntimeException | Error e) {
      buffer.unreserve(wanted);
      storageFailures.log(LOG, name + ": claiming failed; retrying after " + pollInterval, e);
      LockSupport.parkNanos(pollInterval.toNanos());
      return true;
    }
    if (jobs.size() > wanted) {
      // A storage that leases past the limit breaks its contract; never let that kill this thread.
      LOG.error("{}: asked for {} jobs, got {}; releasing the rest", name, wanted, jobs.size());
      release(jobs.subList(wanted, jobs.size()));
      jobs = jobs.subList(0, wanted);
    }
    if (!buffer.hand(jobs, wanted)) {
      release(jobs); // the worker stopped or paused meanwhile
    }
    if (jobs.isEmpty() && buffer.isOpen() && first) {
      queue.signals().awaitChange(queue.topic(), seen, renewCheck);
    }
    return true;
  }

  /** Stops the worker; the last claimer to stop gives back the jobs that have not started. */
  private void claimerStopped() {
    buffer.close();
    List<Job> left = buffer.claimerStopped();
    if (left != null) {
      release(left); // claimed but not started: give them back
      pool.shutdown(); // let running jobs finish; a stopped worker claims no more
    }
  }

  /** Waits for room for a claim (see {@link JobBuffer#awaitRoom}); 0 to check the leases first. */
  private int awaitRoom(boolean first) {
    try {
      return buffer.awaitRoom(first, renewCheck.toNanos());
    } catch (InterruptedException e) {
      buffer.close();
      return 0;
    }
  }

  /** Renews the leases of waiting jobs that have less than half of the lease duration left. */
  private void renewWaiting() {
    List<ClaimedJob> expiring = buffer.waitingUntil(queue.now().plus(halfLease));
    if (expiring.isEmpty()) {
      return;
    }
    List<ClaimedJob> lost;
    try {
      lost = queue.batches().renewAll(expiring);
    } catch (RelayClosedException e) {
      return; // the next claim stops the worker
    } catch (RuntimeException e) {
      storageFailures.log(LOG, name + ": renewing the leases of waiting jobs failed", e);
      return;
    }
    if (!lost.isEmpty()) {
      buffer.removeAll(lost);
      LOG.warn(
          "{}: {} waiting jobs lost their leases and will be delivered again", name, lost.size());
    }
  }

  /** A handler thread: runs waiting jobs until the worker stops. */
  private void work() {
    HANDLING.set(this);
    while (true) {
      ClaimedJob job;
      try {
        job = buffer.take();
      } catch (InterruptedException e) {
        continue; // a stray interrupt; once the worker is closed, take returns null at once
      }
      if (job == null) {
        return;
      }
      try {
        runner.run(job);
      } catch (RuntimeException | Error e) {
        LOG.error("{}: settling {} failed unexpectedly; going on", name, job, e);
      } finally {
        buffer.finished();
        if (buffer.isOpen()) {
          Thread.interrupted(); // a handler's interrupt must not reach the next job
        }
      }
    }
  }

  private void release(List<? extends Job> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    try {
      List<ClaimedJob> lost =
          queue.batches().releaseAll(jobs.stream().map(j -> (ClaimedJob) j).toList());
      lost.forEach(j -> LOG.warn("{} could not be released; its lease was lost", j));
    } catch (RuntimeException | Error e) {
      LOG.warn(
          "{}: {} claimed jobs could not be released; they run again when their leases expire",
          name,
          jobs.size(),
          e);
    }
  }

  @Override
  public String toString() {
    return "Worker{" + name + "}";
  }
}
