package io.eventrelay.benchmarks;

/**
 * One side of the queue comparison: a job queue that enqueues a {@link Workload} (one job per
 * event, its JSON data as the payload) and drains it with worker threads whose handler does
 * nothing.
 *
 * <p>A run is {@link #prepare()} (untimed: fresh tables or topic), {@link #enqueue} (timed), {@link
 * #drain} (timed: from starting the workers until the last job is acknowledged and removed), then
 * {@link #verify()} (untimed). Every contender is timed the same way: enqueue first, then drain.
 */
interface QueueContender extends AutoCloseable {

  /** A short name for the log, such as {@code relay}. */
  String label();

  /** Starts from an empty queue, with the database settled (vacuumed, checkpointed). */
  void prepare() throws Exception;

  /**
   * Enqueues one job per event of {@code w}, {@link QueueSettings#ENQUEUE_BATCH} per call or
   * transaction.
   *
   * @return the elapsed nanoseconds
   */
  long enqueue(Workload w) throws Exception;

  /**
   * Runs {@code threads} worker threads until all {@code jobs} jobs are done and acknowledged.
   *
   * @return the elapsed nanoseconds
   */
  long drain(int threads, int jobs) throws Exception;

  /**
   * Checks that every job ran once and none is left in the queue.
   *
   * @return a one-line account of the last drain, or an empty string
   * @throws IllegalStateException if jobs are missing or left over
   */
  String verify() throws Exception;

  /** Releases what the contender holds (connections, pools, relays). */
  @Override
  void close() throws Exception;
}
