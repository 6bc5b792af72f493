package io.eventrelay.internal.queues;

import io.eventrelay.Job;
import io.eventrelay.JobHandler;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Worker}: one claimer thread leases as many jobs as there are idle handler threads and
 * hands each to the pool; a handler thread runs the handler and settles the job. When a claim finds
 * nothing, the claimer waits for the topic's signal or the poll interval.
 */
final class QueueWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

  private final RelayJobQueue queue;
  private final JobHandler handler;
  private final int threads;
  private final Duration pollInterval;
  private final Duration shutdownTimeout;
  private final Semaphore idle;
  private final ExecutorService pool;
  private final Thread claimer;
  private volatile boolean running = true;
  private boolean closed;

  private QueueWorker(Builder b) {
    this.queue = b.queue;
    this.handler = b.handler;
    this.threads = b.threads;
    this.pollInterval = b.pollInterval;
    this.shutdownTimeout = b.shutdownTimeout;
    this.idle = new Semaphore(threads);
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
    this.claimer = new Thread(this::claimLoop, name + "-claimer");
    claimer.setDaemon(true);
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
    running = false;
    // Wake the claimer from whichever wait it is in; it finishes a claim in progress first.
    idle.release(threads);
    queue.signals().signal(queue.topic());
    LockSupport.unpark(claimer);
    try {
      claimer.join(Math.max(1, shutdownTimeout.toMillis()));
      pool.shutdown();
      if (!pool.awaitTermination(shutdownTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.warn(
            "{}: jobs still running after {}; interrupting them",
            claimer.getName(),
            shutdownTimeout);
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void claimLoop() {
    while (running) {
      try {
        if (!idle.tryAcquire(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
          continue;
        }
      } catch (InterruptedException e) {
        break;
      }
      int wanted = 1 + idle.drainPermits();
      long seen = queue.signals().version(queue.topic());
      List<Job> jobs;
      try {
        jobs = running ? queue.claim(wanted) : List.of();
      } catch (IllegalStateException | UnknownTopicException e) {
        LOG.info("{} stops: {}", claimer.getName(), e.getMessage());
        running = false;
        break;
      } catch (RuntimeException e) {
        idle.release(wanted);
        LOG.warn("{}: claiming failed; retrying in {}", claimer.getName(), pollInterval, e);
        LockSupport.parkNanos(pollInterval.toNanos());
        continue;
      }
      if (jobs.size() > wanted) {
        // A storage that leases past the limit breaks its contract; never let that kill this
        // thread.
        LOG.error(
            "{}: asked for {} jobs, got {}; releasing the rest",
            claimer.getName(),
            wanted,
            jobs.size());
        jobs.subList(wanted, jobs.size())
            .forEach(job -> settleQuietly(() -> queue.release(job), job));
        jobs = jobs.subList(0, wanted);
      }
      idle.release(wanted - jobs.size());
      for (Job job : jobs) {
        try {
          pool.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
          idle.release();
          settleQuietly(() -> queue.release(job), job);
        }
      }
      if (jobs.isEmpty() && running) {
        queue.signals().awaitChange(queue.topic(), seen, pollInterval);
      }
    }
    pool.shutdown(); // let running jobs finish; a stopped worker claims no more
  }

  private void run(Job job) {
    try {
      if (!running) {
        settleQuietly(() -> queue.release(job), job); // claimed but not started: give it back
        return;
      }
      Throwable failure = null;
      try {
        handler.handle(job);
      } catch (Exception | Error e) {
        failure = e;
      }
      if (((ClaimedJob) job).settled()) {
        return;
      }
      if (failure == null) {
        settleQuietly(() -> queue.ack(job), job);
      } else {
        String error = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        settleQuietly(() -> queue.nack(job, error), job);
        if (failure instanceof Error err) {
          throw err;
        }
      }
    } finally {
      idle.release();
    }
  }

  /** Settles a job; a lost lease or a storage failure is logged, and the lease will expire. */
  private static void settleQuietly(Runnable settle, Job job) {
    try {
      settle.run();
    } catch (JobLeaseLostException e) {
      LOG.warn("{} could not be settled: {}", job, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} could not be settled; it will run again when its lease expires", job, e);
    }
  }

  /** Configures a {@link QueueWorker}. */
  static final class Builder implements Worker.Builder {
    private final RelayJobQueue queue;
    private final JobHandler handler;
    private int threads = 1;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    Builder(RelayJobQueue queue, JobHandler handler) {
      this.queue = queue;
      this.handler = handler;
    }

    @Override
    public Builder threads(int threads) {
      if (threads < 1 || threads > 1000) {
        throw new IllegalArgumentException(
            "threads must be between 1 and 1000 (was " + threads + ")");
      }
      this.threads = threads;
      return this;
    }

    @Override
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMillis(1)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "pollInterval must be between 1 millisecond and 1 hour (was " + interval + ")");
      }
      this.pollInterval = interval;
      return this;
    }

    @Override
    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "shutdownTimeout must be between 0 and 1 hour (was " + timeout + ")");
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    @Override
    public Worker start() {
      queue.checkOpen();
      QueueWorker worker = new QueueWorker(this);
      worker.claimer.start();
      return worker;
    }
  }
}
