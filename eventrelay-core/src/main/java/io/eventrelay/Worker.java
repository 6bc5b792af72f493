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
 * counting an attempt. A handler may close its own worker: see {@link #close()}. {@link #pause()}
 * stops claiming the same way, but only until {@link #resume()}. Thread-safe.
 *
 * <p><b>What a worker costs.</b> Nothing is shared between workers, so the cost grows with the
 * workers (and so with the queues served), not with the events published:
 *
 * <ul>
 *   <li>Threads: {@link Builder#threads(int) threads} handler threads, one claimer thread (two when
 *       it has several handler threads) and one acknowledgement thread; a worker with one handler
 *       thread has 3. They are parked while there is nothing to do: a relay serving 120 queues with
 *       one single-threaded worker each runs 360 mostly idle threads.
 *   <li>Storage, per claim: one short transaction (on SQLite, a writing one, one at a time): when
 *       nothing is new, one read of the queue's cursor and one leasing statement (with a {@link
 *       QueueOptions#concurrencyLimit() concurrency limit}, also a lock of the queue's row and a
 *       count of its leases); when the topic has new events, also a lock of the queue's row, a read
 *       of the new matching events, their insertion as deliveries and a move of the cursor.
 *   <li>Claims: an idle worker claims once per poll interval, and once after each commit this relay
 *       makes to its topic (one signal per commit, however many events it holds). With n queues on
 *       a topic, each commit to the topic thus costs up to n claims, one per idle worker; the
 *       publish itself costs the same whatever the number of queues, since a queue is a cursor over
 *       the topic's log. The topic's signal also wakes the workers of every queue on it when a
 *       worker closes or resumes, when a job is {@link JobQueue#release released} without delay (or
 *       by a queue with a concurrency limit), and after each batch of acknowledgements of a FIFO
 *       queue or one with a concurrency limit; a paused worker does not claim when woken, so
 *       pausing many workers before closing them spares the others those claims.
 * </ul>
 */
public interface Worker extends AutoCloseable {

  /** Whether the worker is started and not stopped; a paused worker is still running. */
  boolean isRunning();

  /**
   * Stops claiming jobs until {@link #resume()}: jobs already running finish and are acknowledged
   * as usual, and the claimed jobs waiting for a thread are given back (released without counting
   * an attempt, with one storage call before this method returns; if that fails, it is logged and
   * their leases expire), so other workers can take them. A claim under way gives back the jobs it
   * gets when it ends. Idempotent; may be called from this worker's own handlers. A paused worker
   * can be {@link #close() closed}.
   */
  void pause();

  /** Claims again at once after {@link #pause()}. Idempotent; does nothing if not paused. */
  void resume();

  /** Whether {@link #pause()} was called and not yet followed by {@link #resume()}. */
  boolean isPaused();

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
