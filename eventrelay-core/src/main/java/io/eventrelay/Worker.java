package io.eventrelay;

import java.time.Duration;

/**
 * Threads that claim jobs from a {@link JobQueue} and run a {@link JobHandler} on each, started by
 * {@code queue.worker(handler).threads(4).start()}. Closing the relay closes its workers.
 *
 * <p>A worker claims jobs in batches: besides the jobs its threads run, it keeps up to {@link
 * Builder#prefetch(int) prefetch} claimed jobs waiting, and claims again as they start (with two
 * claimer threads when it has several handler threads), so that its threads do not wait for the
 * database. While a job waits, the worker renews its lease, so a handler always starts with at
 * least half of the lease duration left. A handler that returns acknowledges its job; the worker
 * commits these acknowledgements in batches, shortly after the handler returns; if the storage
 * fails, it retries them with backoff (10 ms, doubling up to 1 s) until their leases end (a job
 * whose lease ended before its acknowledgement was stored is delivered again). A handler that
 * throws fails its job (see {@link JobHandler}).
 *
 * <p>When the queue is empty the worker waits for the relay to publish to the topic, or for the
 * poll interval (which also finds jobs published by other processes and retries that became due).
 * If the storage fails (or anything else goes wrong in the worker's own threads), it logs the
 * failure at WARN with its stack trace (at most one per 10 seconds; the others are counted) and
 * tries again after the poll interval. It stops by itself only when the relay is closed or the
 * queue or its topic is deleted.
 *
 * <p>{@link #close()} stops gracefully: no new claims, running jobs finish (within the shutdown
 * timeout) and are acknowledged, and claimed jobs that have not started are released without
 * counting an attempt. A handler may close its own worker: see {@link #close()}. Thread-safe.
 */
public interface Worker extends AutoCloseable {

  /** Whether the worker is still claiming jobs. */
  boolean isRunning();

  /**
   * Stops the worker: waits for a claim in progress, then up to the shutdown timeout for running
   * jobs, then interrupts their threads, and waits up to the shutdown timeout (at least 30 seconds)
   * for the last acknowledgements to be stored. Each wait that times out is logged at WARN.
   * Idempotent; returns when the worker's threads have stopped or the waits timed out, also when
   * another thread's call is closing it.
   *
   * <p>Called by a handler of this worker, it returns at once, without waiting: the worker stops
   * claiming, releases the jobs it claimed but did not start, and lets its other running jobs
   * finish in the background, within the same bounds. The calling handler's job is then settled as
   * usual when the handler returns.
   */
  @Override
  void close();

  /** Configures a {@link Worker}; settings are checked when set. Not thread-safe. */
  interface Builder {

    /** How many jobs run at once in this worker; from 1 to 1000, default 1. */
    Builder threads(int threads);

    /**
     * How many claimed jobs the worker keeps waiting for a free thread; from 0 to 1000. The default
     * is 300, or 0 for a queue with a {@link QueueOptions#concurrencyLimit() concurrency limit},
     * since waiting jobs are leased and count towards the limit. 0 claims only when a thread is
     * idle, and never holds a lease on a job that is not running.
     */
    Builder prefetch(int jobs);

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
     * @throws RelayClosedException if the relay is closed or closing
     */
    Worker start();
  }
}
