package io.eventrelay.internal.queues;

import io.eventrelay.Job;
import io.eventrelay.JobHandler;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.QueueOptions;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Worker}. Claimer threads (two when it has several handler threads, so that one claim's
 * round trips overlap another's) keep a buffer of claimed jobs filled (up to the running jobs plus
 * {@code prefetch}), claiming again once half of the buffer has started, and renews the leases of
 * jobs that wait in it; handler threads take jobs from the buffer, run the handler and hand
 * finished jobs to an {@link AckBatcher}. When a claim finds nothing, the claimer waits for the
 * topic's signal or the poll interval.
 */
final class QueueWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

  /** The default prefetch for a queue without a concurrency limit. */
  static final int DEFAULT_PREFETCH = 300;

  private static final int MAX_CLAIM = 1000;

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
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition jobsWaiting = lock.newCondition();
  private final Condition roomFreed = lock.newCondition();
  private final ArrayDeque<ClaimedJob> waiting = new ArrayDeque<>();
  private final ExecutorService pool;
  private final List<Thread> claimers = new ArrayList<>();
  private final String name;
  private final int chunk; // claim when at least this many jobs fit
  private int reserved; // jobs being claimed; guarded by lock
  private int claiming; // claimer threads still running; guarded by lock
  private final AckBatcher acks;
  private int busy; // jobs the handler threads are running; guarded by lock
  private volatile boolean running = true;
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
    // With n claimers, a claim starts when 1/(n+1) of the buffer is free: one claimer refills
    // when half has started, two overlap.
    this.chunk = Math.max(1, (threads + prefetch + count) / (count + 1));
    for (int i = 1; i <= count; i++) {
      Thread t = new Thread(this::claimLoop, name + "-claimer-" + i);
      t.setDaemon(true);
      claimers.add(t);
    }
    this.claiming = count;
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
    return running;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stop();
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

  /** Stops claiming and starting jobs; running jobs go on. */
  private void stop() {
    lock.lock();
    try {
      running = false;
      jobsWaiting.signalAll();
      roomFreed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void claimLoop() {
    boolean first = Thread.currentThread() == claimers.get(0);
    try {
      while (running) {
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
        } catch (IllegalStateException | UnknownTopicException e) {
          unreserve(wanted);
          LOG.info("{} stops: {}", name, e.getMessage());
          break;
        } catch (RuntimeException e) {
          unreserve(wanted);
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
        hand(jobs, wanted);
        if (jobs.isEmpty() && running && first) {
          queue.signals().awaitChange(queue.topic(), seen, renewCheck);
        }
      }
    } finally {
      claimerStopped();
    }
  }

  /** Stops the worker; the last claimer to stop gives back the jobs that have not started. */
  private void claimerStopped() {
    stop();
    List<Job> left;
    lock.lock();
    try {
      if (--claiming > 0) {
        return;
      }
      left = new ArrayList<>(waiting);
      waiting.clear();
    } finally {
      lock.unlock();
    }
    release(left); // claimed but not started: give them back
    pool.shutdown(); // let running jobs finish; a stopped worker claims no more
  }

  /**
   * Waits until the buffer has room for a claim (at least {@code chunk} of {@code threads +
   * prefetch} jobs are neither running, waiting nor being claimed), and reserves the room. Only the
   * first claimer claims on its own (and polls an empty queue); the others claim while another
   * claim is under way, so that they overlap it.
   *
   * @return how many jobs to claim; 0 when the leases are due for a check, or when stopping
   */
  private int awaitRoom(boolean first) {
    lock.lock();
    try {
      long nanos = renewCheck.toNanos();
      while (running && !(roomForClaim() && (first || reserved > 0))) {
        if (nanos <= 0) {
          return 0;
        }
        nanos = roomFreed.awaitNanos(nanos);
      }
      if (!running) {
        return 0;
      }
      int wanted = Math.min(MAX_CLAIM, room());
      reserved += wanted;
      roomFreed.signalAll(); // another claimer may overlap this claim
      return wanted;
    } catch (InterruptedException e) {
      stop();
      return 0;
    } finally {
      lock.unlock();
    }
  }

  private int room() {
    return threads + prefetch - busy - waiting.size() - reserved;
  }

  private boolean roomForClaim() {
    return room() >= chunk;
  }

  private void unreserve(int wanted) {
    lock.lock();
    try {
      reserved -= wanted;
      roomFreed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Puts claimed jobs in the buffer, or gives them back if the worker stopped meanwhile. */
  private void hand(List<Job> jobs, int wanted) {
    lock.lock();
    try {
      reserved -= wanted;
      if (jobs.size() < wanted) {
        roomFreed.signalAll();
      }
      if (jobs.isEmpty()) {
        return;
      }
      if (running) {
        jobs.forEach(j -> waiting.add((ClaimedJob) j));
        jobsWaiting.signalAll();
        return;
      }
    } finally {
      lock.unlock();
    }
    release(jobs);
  }

  /**
   * Renews the leases of waiting jobs that have less than half of the lease duration left (the
   * first claimer's task).
   */
  private void renewWaiting() {
    Instant due = queue.now().plus(halfLease);
    List<ClaimedJob> expiring = new ArrayList<>();
    lock.lock();
    try {
      for (ClaimedJob j : waiting) {
        if (j.leaseUntil().isBefore(due)) {
          expiring.add(j);
        }
      }
    } finally {
      lock.unlock();
    }
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
      lock.lock();
      try {
        waiting.removeAll(lost);
      } finally {
        lock.unlock();
      }
      LOG.warn(
          "{}: {} waiting jobs lost their leases and will be delivered again", name, lost.size());
    }
  }

  /** A handler thread: runs waiting jobs until the worker stops. */
  private void work() {
    while (true) {
      ClaimedJob job;
      lock.lock();
      try {
        while (running && waiting.isEmpty()) {
          jobsWaiting.await();
        }
        if (!running) {
          return;
        }
        job = waiting.poll();
        busy++;
        if (roomForClaim()) {
          roomFreed.signalAll();
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      try {
        run(job);
      } finally {
        lock.lock();
        try {
          busy--;
          if (roomForClaim()) {
            roomFreed.signalAll();
          }
        } finally {
          lock.unlock();
        }
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
