package io.eventrelay.internal.queues;

import io.eventrelay.Job;
import io.eventrelay.JobHandler;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.QueueOptions;
import io.eventrelay.RelayClosedException;
import io.eventrelay.UnknownQueueException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * interval.
 */
final class QueueWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

  /** The default prefetch for a queue without a concurrency limit. */
  static final int DEFAULT_PREFETCH = 300;

  /** How long {@link #close()} waits at least for the last acknowledgements. */
  private static final long ACK_TIMEOUT_MILLIS = 30_000;

  private final RelayJobQueue queue;
  private final JobHandler handler;
  private final int threads;
  private final int prefetch;
  private final Duration pollInterval;
  private final Duration shutdownTimeout;
  private final Duration halfLease;
  private final Duration renewCheck;
  private final JobBuffer buffer;
  private final ExecutorService pool;
  private final List<Thread> claimers = new ArrayList<>();
  private final String name;
  private final AckBatcher acks;
  private boolean closed;

  private QueueWorker(WorkerBuilder b) {
    this.queue = b.queue;
    this.handler = b.handler;
    this.threads = b.threads;
    this.prefetch =
        b.prefetch >= 0
            ? b.prefetch
            : queue.options().concurrencyLimit().isPresent() ? 0 : DEFAULT_PREFETCH;
    this.pollInterval = b.pollInterval;
    this.shutdownTimeout = b.shutdownTimeout;
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
    this.acks =
        new AckBatcher(
            queue,
            name + "-acks",
            () -> {
              if (settlingFreesJobs) {
                queue.signals().signal(queue.topic()); // the next job of a group, or a free slot
              }
            });
    this.name = name;
    int count = threads > 1 ? 2 : 1;
    this.buffer = new JobBuffer(threads + prefetch, count);
    for (int i = 1; i <= count; i++) {
      Thread t = new Thread(this::claimLoop, name + "-claimer-" + i);
      t.setDaemon(true);
      claimers.add(t);
    }
  }

  static Worker start(WorkerBuilder b) {
    QueueWorker worker = new QueueWorker(b);
    worker.startThreads();
    return worker;
  }

  private void startThreads() {
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
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    buffer.close();
    // Wake the claimer from whichever wait it is in; it finishes a claim in progress first.
    queue.signals().signal(queue.topic());
    claimers.forEach(LockSupport::unpark);
    try {
      for (Thread t : claimers) {
        t.join(Math.max(1, shutdownTimeout.toMillis()));
      }
      pool.shutdown();
      if (!pool.awaitTermination(shutdownTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.warn("{}: jobs still running after {}; interrupting them", name, shutdownTimeout);
        pool.shutdownNow();
        pool.awaitTermination(shutdownTimeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      // Finished jobs are acknowledged however short the shutdown timeout.
      acks.close(Math.max(shutdownTimeout.toMillis(), ACK_TIMEOUT_MILLIS));
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void claimLoop() {
    boolean first = Thread.currentThread() == claimers.get(0);
    try {
      while (buffer.isOpen()) {
        if (first) {
          renewWaiting();
        }
        int wanted = awaitRoom(first);
        if (wanted == 0) {
          continue; // time to check the leases again, or stopping
        }
        long seen = queue.signals().version(queue.topic());
        List<Job> jobs;
        try {
          jobs = queue.claim(wanted);
        } catch (RelayClosedException | UnknownQueueException | UnknownTopicException e) {
          buffer.unreserve(wanted);
          LOG.info("{} stops: {}", name, e.getMessage());
          break;
        } catch (RuntimeException e) {
          buffer.unreserve(wanted);
          LOG.warn("{}: claiming failed; retrying in {}", name, pollInterval, e);
          LockSupport.parkNanos(pollInterval.toNanos());
          continue;
        }
        if (jobs.size() > wanted) {
          // A storage that leases past the limit breaks its contract; never let that kill this
          // thread.
          LOG.error("{}: asked for {} jobs, got {}; releasing the rest", name, wanted, jobs.size());
          release(jobs.subList(wanted, jobs.size()));
          jobs = jobs.subList(0, wanted);
        }
        if (!buffer.hand(jobs, wanted)) {
          release(jobs); // the worker stopped meanwhile
        }
        if (jobs.isEmpty() && buffer.isOpen() && first) {
          queue.signals().awaitChange(queue.topic(), seen, renewCheck);
        }
      }
    } finally {
      claimerStopped();
    }
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

  /**
   * Renews the leases of waiting jobs that have less than half of the lease duration left (the
   * first claimer's task).
   */
  private void renewWaiting() {
    List<ClaimedJob> expiring = buffer.waitingUntil(queue.now().plus(halfLease));
    if (expiring.isEmpty()) {
      return;
    }
    List<ClaimedJob> lost;
    try {
      lost = queue.renewAll(expiring);
    } catch (RuntimeException e) {
      LOG.warn("{}: renewing the leases of waiting jobs failed", name, e);
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
    while (true) {
      ClaimedJob job;
      try {
        job = buffer.take();
      } catch (InterruptedException e) {
        return;
      }
      if (job == null) {
        return;
      }
      try {
        run(job);
      } finally {
        buffer.finished();
      }
    }
  }

  private void run(ClaimedJob job) {
    if (queue.now().isAfter(job.leaseUntil())) {
      LOG.warn("{} waited past the end of its lease; it will be delivered again", job);
      return;
    }
    Throwable failure = null;
    try {
      handler.handle(job);
    } catch (Exception | Error e) {
      failure = e;
    }
    if (job.settled()) {
      return;
    }
    if (failure == null) {
      acks.add(job);
      return;
    }
    String error = failure.getMessage() != null ? failure.getMessage() : failure.toString();
    settleQuietly(() -> queue.nack(job, error), job);
    if (failure instanceof Error) {
      LOG.error("{} failed with an error; the job will be retried", job, failure);
    }
  }

  private void release(List<? extends Job> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    try {
      List<ClaimedJob> lost = queue.releaseAll(jobs.stream().map(j -> (ClaimedJob) j).toList());
      lost.forEach(j -> LOG.warn("{} could not be released; its lease was lost", j));
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: {} claimed jobs could not be released; they run again when their leases expire",
          name,
          jobs.size(),
          e);
    }
  }

  /** Settles a job; a lost lease or a storage failure is logged, and the lease will expire. */
  static void settleQuietly(Runnable settle, Job job) {
    try {
      settle.run();
    } catch (JobLeaseLostException e) {
      LOG.warn("{} could not be settled: {}", job, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} could not be settled; it will run again when its lease expires", job, e);
    }
  }
}
