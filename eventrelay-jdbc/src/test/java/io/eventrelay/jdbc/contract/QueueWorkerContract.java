package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrelay.BackoffPolicy;
import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Job;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.QueueStats;
import io.eventrelay.Topic;
import io.eventrelay.Worker;
import io.eventrelay.jdbc.JdbcStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Workers: many threads on several relays drain a queue with every job done once or dead-lettered;
 * failures retry with backoff; workers wake on publish and stop gracefully.
 */
abstract class QueueWorkerContract extends QueueContractBase {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(10);

  /** How many jobs the drain test publishes. */
  int drainJobs() {
    return 10_000;
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

  @Test
  void fourWorkersOnTwoRelaysDoEveryJobOnceOrDeadLetterItAfterItsLastAttempt() throws Exception {
    Database db = newDatabase();
    EventRelay first =
        relay(db.storageBuilder().synchronous(JdbcStorage.Synchronous.NORMAL).build());
    EventRelay second =
        relay(db.storageBuilder().synchronous(JdbcStorage.Synchronous.NORMAL).build());
    Topic topic = first.createTopic("work");
    int total = drainJobs();
    QueueOptions options =
        QueueOptions.builder().maxAttempts(3).backoff(BackoffPolicy.fixed(Duration.ZERO)).build();
    Map<UUID, AtomicInteger> done = new ConcurrentHashMap<>();
    Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
    Set<Integer> hopeless = new HashSet<>();
    for (int n = 0; n < total; n += 97) {
      hopeless.add(n);
    }
    CountDownLatch allDone = new CountDownLatch(total - hopeless.size());
    List<Worker> workers = new ArrayList<>();
    try {
      for (EventRelay relay : List.of(first, second, first, second)) {
        JobQueue queue = relay.queue("work", "crunch", options);
        workers.add(
            queue
                .worker(
                    job -> {
                      int n = job.event().data().get("n").asInt();
                      attempts
                          .computeIfAbsent(job.event().id(), id -> new AtomicInteger())
                          .incrementAndGet();
                      if (hopeless.contains(n)) {
                        throw new IllegalStateException("always fails " + n);
                      }
                      if (n % 10 == 3 && job.attempt() == 1) {
                        throw new IllegalStateException("fails once " + n);
                      }
                      done.computeIfAbsent(job.event().id(), id -> new AtomicInteger())
                          .incrementAndGet();
                      allDone.countDown();
                    })
                .threads(2)
                .pollInterval(POLL)
                .start());
      }
      // Published while the workers run, through both relays, in batches of 1000.
      for (int from = 0; from < total; from += 1000) {
        List<Event> batch = new ArrayList<>();
        for (int n = from; n < Math.min(total, from + 1000); n++) {
          batch.add(event("job", n));
        }
        (from % 2000 == 0 ? first : second).topic("work").publishAll(batch);
      }
      assertTrue(allDone.await(WAIT.toSeconds(), TimeUnit.SECONDS), "every job done in time");
      JobQueue queue = first.queue("work", "crunch", options);
      await(
          "every job is settled",
          () -> queue.stats().equals(new QueueStats(0, 0, Duration.ZERO, hopeless.size())));
    } finally {
      workers.forEach(Worker::close);
    }

    List<Event> all = readAll(topic);
    assertEquals(total, all.size());
    Map<UUID, Integer> numbers = new HashMap<>();
    all.forEach(e -> numbers.put(e.id(), e.data().get("n").asInt()));
    for (Event e : all) {
      int n = numbers.get(e.id());
      int expectedAttempts = hopeless.contains(n) ? 3 : n % 10 == 3 ? 2 : 1;
      assertEquals(expectedAttempts, attempts.get(e.id()).get(), "attempts of job " + n);
      assertEquals(
          hopeless.contains(n) ? null : 1,
          done.containsKey(e.id()) ? done.get(e.id()).get() : null,
          "job " + n + " done once");
    }
    List<Event> letters = readAll(first.topic("crunch_dead"));
    Set<Integer> dead = new HashSet<>();
    for (Event letter : letters) {
      JsonNode source = letter.context().orElseThrow().get("dead_letter");
      int n = numbers.get(letter.prevId().orElseThrow());
      assertTrue(dead.add(n), "job " + n + " dead-lettered once");
      assertEquals(3, source.get("attempts").asInt());
      String error = source.get("error").asText();
      assertTrue(
          error.startsWith("java.lang.IllegalStateException: always fails " + n + "\n\tat "),
          error);
      assertEquals(letter.data(), all.get(n).data());
    }
    assertEquals(hopeless, dead);
  }

  @Test
  void handlerFailureIsRetriedAfterTheBackoffWithItsExceptionAsLastError() throws Exception {
    JobQueue queue =
        relay.queue(
            "jobs",
            "mailer",
            options().backoff(BackoffPolicy.fixed(Duration.ofMinutes(1))).build());
    BlockingQueue<Job> seen = new LinkedBlockingQueue<>();
    try (Worker worker =
        queue
            .worker(
                job -> {
                  seen.add(job);
                  if (job.attempt() == 1) {
                    throw new IllegalStateException("smtp down");
                  }
                })
            .pollInterval(POLL)
            .start()) {
      jobs.publish(event("email.requested", 1));

      assertEquals(1, seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS).attempt());
      await("the failure is recorded", () -> queue.stats().inFlight() == 0);
      assertNull(
          seen.poll(100, TimeUnit.MILLISECONDS), "no retry before the clock passes the delay");
      clock.advance(Duration.ofMinutes(1));
      Job retry = seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(2, retry.attempt());
      String error = retry.lastError().orElseThrow();
      assertTrue(error.startsWith("java.lang.IllegalStateException: smtp down\n\tat "), error);
      await(
          "the retry is acknowledged",
          () -> queue.stats().equals(new QueueStats(0, 0, Duration.ZERO, 0)));
      assertTrue(worker.isRunning());
    }
  }

  @Test
  void idleWorkerWakesOnPublishWithoutWaitingForItsPollInterval() throws Exception {
    BlockingQueue<Long> handled = new LinkedBlockingQueue<>();
    try (Worker worker =
        mailer()
            .worker(job -> handled.add(job.event().offset()))
            .pollInterval(Duration.ofHours(1))
            .start()) {
      jobs.publish(event("email.requested", 1));
      assertEquals(1L, handled.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
      jobs.publish(event("email.requested", 2));
      assertEquals(2L, handled.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void closeLetsTheRunningJobFinishAndClaimsNoMore() throws Exception {
    jobs.publishAll(events("email.requested", 2));
    JobQueue queue = mailer();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Worker worker =
        queue
            .worker(
                job -> {
                  started.countDown();
                  release.await();
                })
            .pollInterval(POLL)
            .start();
    assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

    Thread closing = new Thread(worker::close);
    closing.start();
    await("the worker stops claiming", () -> !worker.isRunning());
    assertTrue(closing.isAlive(), "close waits for the running job");
    release.countDown();
    closing.join(WAIT.toMillis());

    assertFalse(closing.isAlive());
    assertEquals(new QueueStats(1, 0, Duration.ZERO, 0), queue.stats(), "job 1 acked, job 2 left");
    assertEquals(1, queue.claim(1).get(0).attempt(), "job 2 waited, and was released uncounted");
  }

  @Test
  void jobsWaitingForAThreadKeepTheirLeasesWhileARunningJobsLeaseExpires() throws Exception {
    jobs.publishAll(events("email.requested", 3));
    JobQueue queue = mailer();
    CountDownLatch release = new CountDownLatch(1);
    List<Job> ran = new CopyOnWriteArrayList<>();
    try (Worker worker =
        queue
            .worker(
                job -> {
                  ran.add(job);
                  if (job.event().offset() == 1 && job.attempt() == 1) {
                    release.await();
                  }
                })
            .threads(1)
            .prefetch(5)
            .pollInterval(POLL)
            .start()) {
      await("job 1 runs and jobs 2 and 3 wait", () -> ran.size() == 1 && leasedPast(T0) == 3);
      clock.advance(LEASE.multipliedBy(3).dividedBy(4)); // the leases have a quarter left
      await("the waiting jobs' leases are renewed", () -> leasedPast(T0.plus(LEASE)) == 2);
      clock.advance(LEASE.dividedBy(2)); // job 1's lease has expired while it ran
      release.countDown();
      await(
          "every job is settled",
          () -> queue.stats().equals(new QueueStats(0, 0, Duration.ZERO, 0)));
      assertTrue(worker.isRunning());
    }
    assertEquals(
        List.of("1/1", "2/1", "3/1", "1/2"),
        ran.stream().map(j -> j.event().offset() + "/" + j.attempt()).toList(),
        "jobs 2 and 3 ran once; job 1's late ack was refused and it ran again");
  }

  @Test
  void workerWithoutPrefetchLeasesOnlyTheJobsItRuns() throws Exception {
    jobs.publishAll(events("email.requested", 3));
    JobQueue queue = mailer();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    try (Worker worker =
        queue
            .worker(
                job -> {
                  started.countDown();
                  release.await();
                })
            .threads(2)
            .prefetch(0)
            .pollInterval(POLL)
            .start()) {
      assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      Thread.sleep(20 * POLL.toMillis()); // twenty poll intervals in which it could claim more
      assertEquals(2, queue.stats().inFlight());
      release.countDown();
      await(
          "every job is done", () -> queue.stats().equals(new QueueStats(0, 0, Duration.ZERO, 0)));
    }
  }

  /** How many deliveries are leased past {@code t}, read from the table. */
  private long leasedPast(Instant t) {
    try (Connection c = storage.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM eventrelay_deliveries WHERE lease_until > ?")) {
      ps.setLong(1, ChronoUnit.MICROS.between(Instant.EPOCH, t));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void closeInterruptsJobsThatOutlastTheShutdownTimeoutAndRetriesThem() throws Exception {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    CountDownLatch started = new CountDownLatch(1);
    Worker worker =
        queue
            .worker(
                job -> {
                  started.countDown();
                  new CountDownLatch(1).await();
                })
            .pollInterval(POLL)
            .shutdownTimeout(Duration.ofMillis(50))
            .start();
    assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

    worker.close();

    await("the interrupted job is failed", () -> queue.stats().inFlight() == 0);
    clock.advance(RETRY);
    Job retry = queue.claim(1).get(0);
    assertEquals(2, retry.attempt());
    String error = retry.lastError().orElseThrow();
    assertTrue(error.startsWith("java.lang.InterruptedException\n\tat "), error);
  }

  @Test
  void workerStopsByItselfWhenItsQueueIsDeleted() throws Exception {
    JobQueue queue = mailer();
    Worker worker = queue.worker(job -> {}).pollInterval(Duration.ofHours(1)).start();
    try {
      queue.delete();

      await("the worker stops", () -> !worker.isRunning());
    } finally {
      worker.close();
    }
  }
}
