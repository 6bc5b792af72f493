package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.Job;
import io.eventrelay.QueueStats;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.spi.Storage;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;

/**
 * What the queue contracts over a failing storage (hooks, faults) share: a relay over a {@link
 * FailingStorage} (which counts the storage calls), waits for work with a deadline, and jobs
 * written as "offset/attempt".
 */
abstract class QueueHooksBase extends QueueContractBase {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration POLL = Duration.ofMillis(10);
  static final QueueStats SETTLED = new QueueStats(0, 0, Duration.ZERO, 0);

  FailingStorage failing;

  @Override
  Storage storageFor(JdbcStorage storage) {
    failing = new FailingStorage(storage);
    return failing;
  }

  /** Waits (in real time, for work to happen) until {@code done}, failing after {@link #WAIT}. */
  static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  static void assertRejected(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }

  /** "offset/attempt" of a job. */
  static String run(Job job) {
    return job.event().offset() + "/" + job.attempt();
  }

  /** "offset/attempt" of each job. */
  static List<String> runs(List<Job> jobs) {
    return jobs.stream().map(QueueHooksBase::run).toList();
  }
}
