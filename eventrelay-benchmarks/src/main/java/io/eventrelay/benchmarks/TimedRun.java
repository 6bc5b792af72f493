package io.eventrelay.benchmarks;

/**
 * One contender's run in a scenario: it sets itself up (fresh tables, fresh topic) without being
 * timed, then does the measured work and returns how long that took.
 */
@FunctionalInterface
interface TimedRun {
  /** Runs once; returns the elapsed nanoseconds of the measured part only. */
  long nanos() throws Exception;

  /** Times {@code work} alone, with {@link System#nanoTime()}. */
  static long time(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  /** Work to time. */
  @FunctionalInterface
  interface Work {
    /** Does it. */
    void run() throws Exception;
  }
}
