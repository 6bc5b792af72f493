package io.eventrelay.internal.queues;

import io.eventrelay.Job;
import io.eventrelay.JobHandler;
import io.eventrelay.JobLeaseLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker's handler on one job and settles the job: a handler that returns hands it to the
 * {@link AckBatcher}; one that throws fails the attempt, keeping the failure's {@link ErrorText},
 * and the failure is logged (with its stack trace, at most once per {@link LogLimiter#INTERVAL};
 * the others are counted). Thread-safe.
 */
final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final RelayJobQueue queue;
  private final JobHandler handler;
  private final AckBatcher acks;
  private final LogLimiter failures;
  private final String name;

  /**
   * @param failures limits the log lines about failed jobs
   * @param name the worker's name, for the log
   */
  JobRunner(
      RelayJobQueue queue, JobHandler handler, AckBatcher acks, LogLimiter failures, String name) {
    this.queue = queue;
    this.handler = handler;
    this.acks = acks;
    this.failures = failures;
    this.name = name;
  }

  /** Runs the handler on {@code job}, unless its lease ended while it waited, and settles it. */
  void run(ClaimedJob job) {
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
    if (failure != null) {
      failures.log(LOG, name + ": the handler failed on " + job, failure);
    }
    if (job.settled()) {
      return;
    }
    if (failure == null) {
      acks.add(job);
      return;
    }
    String error = ErrorText.of(failure, RelayJobQueue.MAX_ERROR_LENGTH);
    settleQuietly(() -> queue.nack(job, error), job);
  }

  /** How many failed jobs were not logged since the last one logged; the count starts again. */
  long unlogged() {
    return failures.drain();
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
