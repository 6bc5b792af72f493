package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Job;
import io.eventrelay.JobHandler;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueStats;
import io.eventrelay.Worker;
import io.eventrelay.jdbc.contract.FailingStorage.When;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Workers while the storage fails: failed acknowledgements are retried while the leases last, a
 * failing claim or settle (even with an {@link Error}) stops no thread, a handler can close its own
 * worker, and a failed job keeps its exception's class and top frames.
 */
abstract class QueueFaultContract extends QueueHooksBase {
  /** A failure that throws an {@link Error} where the storage would throw an exception. */
  static RuntimeException error() {
    throw new AssertionError("injected error");
  }

  Worker start(JobQueue queue, JobHandler handler) {
    return queue.worker(handler).pollInterval(POLL).start();
  }

  /** "offset/attempt" of each job a handler saw. */
  static String run(Job job) {
    return job.event().offset() + "/" + job.attempt();
  }

  @Test
  void aFailedAcknowledgementIsRetriedUntilStoredAndNoJobRunsTwice() throws Exception {
    failing.fail("queues.ackAll", When.BEFORE, 3);
    publish(20, n -> event("email.requested", n));
    JobQueue queue = mailer();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

    try (Worker worker =
        queue
            .worker(
                j ->
                    runs.computeIfAbsent(j.event().offset(), o -> new AtomicInteger()).addAndGet(1))
            .threads(2)
            .pollInterval(POLL)
            .start()) {
      await("every job is acknowledged", () -> queue.stats().equals(SETTLED));
      assertTrue(worker.isRunning());
    }

    assertEquals(20, runs.size());
    runs.forEach((offset, n) -> assertEquals(1, n.get(), "runs of job " + offset));
    assertTrue(failing.calls("queues.ackAll") >= 4, "three failed, then one that succeeded");
  }

  @Test
  void acknowledgementRetriesDropTheJobsWhoseLeaseEndedAndKeepTheOthers() throws Exception {
    failing.fail("queues.ackAll", When.BEFORE, -1);
    publish(2, n -> event("email.requested", n));
    JobQueue queue = mailer();
    List<String> runs = new CopyOnWriteArrayList<>();

    try (Worker worker =
        start(
            queue,
            job -> {
              if (job.event().offset() == 2) {
                queue.extend(job, Duration.ofMinutes(10));
              }
              runs.add(run(job));
            })) {
      await(
          "both jobs ran and their acks are retried",
          () -> runs.size() == 2 && failing.calls("queues.ackAll") >= 2);
      clock.advance(LEASE.plusSeconds(1)); // job 1's lease ended; job 2's has 9 minutes left
      await("job 1 is delivered again", () -> runs.contains("1/2"));
      failing.heal("queues.ackAll");

      await("every job is acknowledged", () -> queue.stats().equals(SETTLED));
      assertTrue(worker.isRunning());
    }
    assertEquals(List.of("1/1", "1/2", "2/1"), runs.stream().sorted().toList());
  }

  @Test
  void closeStoresTheAcknowledgementsThatFailUntilTheStorageHeals() throws Exception {
    failing.fail("queues.ackAll", When.BEFORE, -1);
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    CountDownLatch ran = new CountDownLatch(1);
    Worker worker = start(queue, job -> ran.countDown());
    assertTrue(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    await("the ack failed", () -> failing.calls("queues.ackAll") >= 1);

    Thread closing = new Thread(worker::close);
    closing.start();
    int failed = failing.calls("queues.ackAll");
    await("close retries the ack", () -> failing.calls("queues.ackAll") >= failed + 2);
    assertTrue(closing.isAlive(), "close waits for the ack");
    failing.heal("queues.ackAll");
    closing.join(WAIT.toMillis());

    assertFalse(closing.isAlive());
    assertEquals(SETTLED, queue.stats());
  }

  @Test
  void aHandlerClosesItsOwnWorkerWithoutWaitingAndItsJobIsAcknowledged() throws Exception {
    jobs.publishAll(events("email.requested", 2));
    JobQueue queue = mailer();
    AtomicReference<Worker> self = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    List<String> runs = new CopyOnWriteArrayList<>();
    Worker worker =
        queue
            .worker(
                job -> {
                  runs.add(run(job));
                  started.await();
                  self.get().close();
                  closed.complete(null);
                })
            .pollInterval(POLL)
            .shutdownTimeout(Duration.ofSeconds(20))
            .start();
    self.set(worker);
    started.countDown();

    closed.get(5, TimeUnit.SECONDS); // returns at once; a close that waits on itself takes 20 s
    await("the worker stopped", () -> !worker.isRunning());
    await(
        "job 1 is acknowledged and job 2 released",
        () -> queue.stats().equals(new QueueStats(1, 0, Duration.ZERO, 0)));
    worker.close(); // waits for the rest of the shutdown, done by now

    assertEquals(List.of("1/1"), runs);
    assertEquals(List.of("2/1"), queue.claim(10).stream().map(QueueFaultContract::run).toList());
  }

  @Test
  void claimsThatFailWithAnExceptionOrAnErrorDoNotStopTheWorker() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    failing.fail(
        "queues.claim",
        When.BEFORE,
        4,
        () ->
            failures.incrementAndGet() % 2 == 0 ? error() : new IllegalStateException("injected"));
    JobQueue queue = mailer();
    CountDownLatch ran = new CountDownLatch(1);

    try (Worker worker = start(queue, job -> ran.countDown())) {
      jobs.publish(event("email.requested", 1));

      assertTrue(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS), "a later claim succeeds");
      assertEquals(4, failures.get());
      assertTrue(worker.isRunning());
    }
  }

  @Test
  void anErrorWhileFailingAJobDoesNotStopTheHandlerThread() throws Exception {
    failing.fail("queues.retry", When.BEFORE, 1, QueueFaultContract::error);
    publish(2, n -> event("email.requested", n));
    JobQueue queue = mailer();
    List<String> runs = new CopyOnWriteArrayList<>();

    try (Worker worker =
        start(
            queue,
            job -> {
              runs.add(run(job));
              if (job.event().offset() == 1 && job.attempt() == 1) {
                throw new IllegalStateException("fails once");
              }
            })) {
      await(
          "job 2 ran on the same thread and is acknowledged; job 1 stays leased",
          () -> queue.stats().equals(new QueueStats(0, 1, Duration.ZERO, 0)));
      clock.advance(LEASE.plusSeconds(1)); // job 1 was not failed: its lease ends
      await("every job is acknowledged", () -> queue.stats().equals(SETTLED));
      assertTrue(worker.isRunning());
    }
    assertEquals(List.of("1/1", "2/1", "1/2"), runs);
  }

  @Test
  void aFailedJobKeepsItsExceptionsClassTopFramesAndCause() throws Exception {
    JobQueue queue = relay.queue("jobs", "mailer", options().maxAttempts(1).build());

    try (Worker worker =
        start(
            queue,
            job -> {
              throw new IllegalStateException(
                  "smtp down", new UncheckedIOException(new IOException("connection refused")));
            })) {
      jobs.publish(event("email.requested", 1));
      await("the job is dead-lettered", () -> queue.stats().deadLetters() == 1);
    }

    String error = errors("mailer_dead").get(0);
    assertTrue(
        error.startsWith(
            "java.lang.IllegalStateException: smtp down\n\tat "
                + QueueFaultContract.class.getName()),
        error);
    assertEquals(5, error.split("\n\tat ").length - 1, error);
    assertTrue(error.endsWith("\nCaused by: java.io.IOException: connection refused"), error);
  }
}
