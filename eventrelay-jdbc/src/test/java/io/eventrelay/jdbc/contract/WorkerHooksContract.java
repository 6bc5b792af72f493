package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.JobQueue;
import io.eventrelay.QueueStats;
import io.eventrelay.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Workers as the webhook add-on drives them: {@link Worker#pause()} and {@link Worker#resume()},
 * and per-queue concurrency limits with several queues, and with more than a hundred queues, on one
 * topic.
 */
abstract class WorkerHooksContract extends QueueHooksBase {

  /** A queue whose workers' lease checks (a quarter of the lease) never come during a test. */
  JobQueue slowChecking() {
    return relay.queue("jobs", "mailer", options().leaseDuration(Duration.ofHours(1)).build());
  }

  @Test
  void pausedWorkerClaimsNothingUntilResumedAndThenClaimsAtOnce() throws Exception {
    JobQueue queue = slowChecking();
    List<String> ran = new CopyOnWriteArrayList<>();
    try (Worker worker =
        queue.worker(job -> ran.add(run(job))).pollInterval(Duration.ofHours(1)).start()) {
      jobs.publish(event("webhook", 1));
      await("job 1 is done", () -> queue.stats().equals(SETTLED));

      worker.pause();
      worker.pause();
      Thread.sleep(20 * POLL.toMillis()); // a claim under way when it paused ends
      int claims = failing.calls("queues.claim");
      jobs.publish(event("webhook", 2));
      Thread.sleep(20 * POLL.toMillis()); // the publish's signal woke the worker, if anything did

      assertEquals(claims, failing.calls("queues.claim"), "a paused worker does not claim");
      assertTrue(worker.isPaused());
      assertTrue(worker.isRunning());
      assertEquals(List.of("1/1"), ran);
      assertEquals(new QueueStats(1, 0, Duration.ZERO, 0), queue.stats());
      worker.resume();
      worker.resume();
      assertFalse(worker.isPaused());
      await("job 2 is done without waiting for a poll", () -> queue.stats().equals(SETTLED));
    }
    assertEquals(List.of("1/1", "2/1"), ran);
  }

  @Test
  void pauseGivesBackWaitingJobsUncountedWhileTheRunningJobFinishesAndIsAcknowledged()
      throws Exception {
    jobs.publishAll(events("webhook", 3));
    JobQueue queue = slowChecking();
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (Worker worker =
        blockingOnJobOne(queue, ran, release).pollInterval(Duration.ofHours(1)).start()) {
      await(
          "job 1 runs and jobs 2 and 3 wait",
          () -> ran.size() == 1 && queue.stats().inFlight() == 3);

      worker.pause();

      await(
          "jobs 2 and 3 are given back",
          () -> queue.stats().equals(new QueueStats(2, 1, Duration.ZERO, 0)));
      release.countDown();
      await(
          "job 1 is acknowledged",
          () -> queue.stats().equals(new QueueStats(2, 0, Duration.ZERO, 0)));
      assertEquals(List.of("1/1"), ran);
      worker.resume(); // wakes the claimer, idle since its last claim found nothing
      await(
          "jobs 2 and 3 are done without waiting for a poll", () -> queue.stats().equals(SETTLED));
    }
    assertEquals(List.of("1/1", "2/1", "3/1"), ran, "the given-back jobs' attempts did not count");
  }

  /** One handler thread, prefetching; job 1 waits for {@code release}. */
  private static Worker.Builder blockingOnJobOne(
      JobQueue queue, List<String> ran, CountDownLatch release) {
    return queue
        .worker(
            job -> {
              ran.add(run(job));
              if (job.event().offset() == 1) {
                release.await();
              }
            })
        .threads(1)
        .prefetch(5)
        .pollInterval(POLL);
  }

  @Test
  void aHandlerCanPauseAndResumeItsOwnWorker() throws Exception {
    JobQueue queue = mailer();
    List<String> ran = new CopyOnWriteArrayList<>();
    AtomicReference<Worker> self = new AtomicReference<>();
    AtomicBoolean pausedInside = new AtomicBoolean();
    try (Worker worker =
        queue
            .worker(
                job -> {
                  ran.add(run(job));
                  if (job.event().offset() == 1) {
                    self.get().pause(); // gives back jobs 2 and 3, waiting behind this one
                    pausedInside.set(self.get().isPaused());
                    self.get().resume();
                  }
                })
            .threads(1)
            .prefetch(5)
            .pollInterval(POLL)
            .start()) {
      self.set(worker);
      jobs.publishAll(events("webhook", 3));

      await("every job is done", () -> queue.stats().equals(SETTLED));
      assertTrue(worker.isRunning());
    }
    assertTrue(pausedInside.get());
    assertEquals(List.of("1/1", "2/1", "3/1"), ran);
    assertTrue(failing.calls("queues.releaseAll") >= 1, "jobs 2 and 3 were given back");
  }

  @Test
  void closingAPausedWorkerLetsItsRunningJobFinish() throws Exception {
    jobs.publishAll(events("webhook", 2));
    JobQueue queue = mailer();
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    Worker worker = blockingOnJobOne(queue, ran, release).start();
    await("job 1 runs and job 2 waits", () -> ran.size() == 1 && queue.stats().inFlight() == 2);
    worker.pause();

    Thread closing = new Thread(worker::close);
    closing.start();
    await("the worker stops", () -> !worker.isRunning());
    release.countDown();
    closing.join(WAIT.toMillis());

    assertFalse(closing.isAlive());
    assertEquals(new QueueStats(1, 0, Duration.ZERO, 0), queue.stats(), "job 1 acknowledged");
    assertEquals(List.of("2/1"), runs(queue.claim(1)));
    assertEquals(List.of("1/1"), ran);
  }

  @Test
  void concurrencyLimitsHoldPerQueueWithSeveralQueuesOnOneTopic() throws Exception {
    int total = 24;
    Map<String, Integer> limits = Map.of("one", 1, "three", 3);
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    Map<String, Integer> done = new ConcurrentHashMap<>();
    CountDownLatch gate = new CountDownLatch(1);
    List<Worker> workers = new ArrayList<>();
    try {
      for (Map.Entry<String, Integer> limit : limits.entrySet()) {
        String name = limit.getKey();
        JobQueue queue =
            relay.queue("jobs", name, options().concurrencyLimit(limit.getValue()).build());
        running.put(name, new AtomicInteger());
        most.put(name, new AtomicInteger());
        for (int w = 0; w < 2; w++) {
          workers.add(
              queue
                  .worker(
                      job -> {
                        most.get(name)
                            .accumulateAndGet(running.get(name).incrementAndGet(), Math::max);
                        try {
                          gate.await();
                        } finally {
                          running.get(name).decrementAndGet();
                        }
                        done.merge(name + "/" + job.event().offset(), 1, Integer::sum);
                      })
                  .threads(4)
                  .pollInterval(POLL)
                  .start());
        }
      }
      publish(total, n -> event("webhook", n));
      await(
          "each queue runs as many jobs as its limit",
          () -> running.get("one").get() == 1 && running.get("three").get() == 3);
      int claims = failing.calls("queues.claim");
      await("the workers claim again", () -> failing.calls("queues.claim") >= claims + 50);
      assertEquals(1, most.get("one").get());
      assertEquals(3, most.get("three").get());

      gate.countDown();
      for (String name : limits.keySet()) {
        JobQueue queue =
            relay.queue("jobs", name, options().concurrencyLimit(limits.get(name)).build());
        await("queue " + name + " is drained", () -> queue.stats().equals(SETTLED));
      }
    } finally {
      workers.forEach(Worker::close);
    }
    assertEquals(1, most.get("one").get(), "never more than 1 job of queue 'one' at once");
    assertEquals(3, most.get("three").get(), "never more than 3 jobs of queue 'three' at once");
    assertEquals(2 * total, done.size());
    assertEquals(List.of(1), done.values().stream().distinct().toList(), "each job ran once");
  }

  @Test
  void aHundredAndTwentyQueuesOnOneTopicEachRunTheirJobOnce() throws Exception {
    int count = 120;
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    List<JobQueue> queues = new ArrayList<>();
    List<Worker> workers = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        JobQueue queue = relay.queue("jobs", String.format("q%03d", i), options().build());
        queues.add(queue);
        workers.add(
            queue
                .worker(job -> runs.merge(queue.name() + "/" + run(job), 1, Integer::sum))
                .pollInterval(Duration.ofHours(1))
                .start());
      }
      assertEquals(List.of("acks", "claimer-1", "worker-1"), threadsOf("q000"));

      jobs.publish(event("webhook", 1));

      await("every queue ran its job", () -> runs.size() == count);
      for (JobQueue queue : queues) {
        await("queue " + queue.name() + " is settled", () -> queue.stats().equals(SETTLED));
      }
    } finally {
      // Paused first: each close signals the topic, and a paused worker does not claim on a signal.
      workers.forEach(Worker::pause);
      workers.forEach(Worker::close);
    }
    Map<String, Integer> expected = new TreeMap<>();
    queues.forEach(q -> expected.put(q.name() + "/1/1", 1));
    assertEquals(expected, new TreeMap<>(runs));
  }

  @Test
  void aWorkerRunsItsHandlerThreadsTwoClaimersAndOneAcknowledgementThread() throws Exception {
    try (Worker worker = mailer().worker(job -> {}).threads(4).start()) {
      assertEquals(
          List.of("acks", "claimer-1", "claimer-2", "worker-1", "worker-2", "worker-3", "worker-4"),
          threadsOf("mailer"));
    }
  }

  /** The live threads of the workers of queue {@code queue} on topic jobs, less their prefix. */
  private static List<String> threadsOf(String queue) {
    String prefix = "eventrelay-jobs-" + queue + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .map(n -> n.substring(prefix.length()))
        .sorted()
        .toList();
  }
}
