package io.eventrelay;

import java.time.Duration;

/**
 * Threads that claim jobs from a {@link JobQueue} and run a {@link JobHandler} on each, started by
 * {@code queue.worker(handler).threads(4).start()}.
 *
 * <p>A worker claims as many jobs as it has idle threads, so it never holds a lease on a job it is
 * not running. When the queue is empty it waits for the relay to publish to the topic, or for the
 * poll interval (which also finds jobs published by other processes and retries that became due).
 * If the storage fails, it logs the failure and tries again after the poll interval; it stops by
 * itself when the relay is closed or the queue or its topic is deleted.
 *
 * <p>{@link #close()} stops gracefully: no new claims, running jobs finish (within the shutdown
 * timeout), and claimed jobs that have not started are released without counting an attempt.
 * Thread-safe.
 */
public interface Worker extends AutoCloseable {

  /** Whether the worker is still claiming jobs. */
  boolean isRunning();

  /**
   * Stops the worker: waits up to the shutdown timeout for running jobs, then interrupts their
   * threads. Idempotent; returns when the worker's threads have stopped or the wait timed out.
   */
  @Override
  void close();

  /** Configures a {@link Worker}; settings are checked when set. Not thread-safe. */
  interface Builder {

    /** How many jobs run at once in this worker; from 1 to 1000, default 1. */
    Builder threads(int threads);

    /**
     * How long an idle worker waits before claiming again when it is not woken by a publish from
     * this relay; from 1 millisecond to 1 hour, default 1 second.
     */
    Builder pollInterval(Duration interval);

    /**
     * How long {@link Worker#close()} waits for running jobs before interrupting them; from 0 to 1
     * hour, default 30 seconds.
     */
    Builder shutdownTimeout(Duration timeout);

    /**
     * Starts the worker's threads.
     *
     * @throws IllegalStateException if the relay is closed
     */
    Worker start();
  }
}
