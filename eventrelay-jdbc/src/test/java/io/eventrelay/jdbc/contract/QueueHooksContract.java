package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.Job;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueStats;
import io.eventrelay.RelayClosedException;
import io.eventrelay.UnknownQueueException;
import io.eventrelay.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The queue hooks a webhook add-on needs: {@link JobQueue#release} gives a job back without
 * counting its attempt, {@link JobQueue#replay} delivers a range of events to one queue again.
 */
abstract class QueueHooksContract extends QueueHooksBase {

  @Test
  void releasedJobKeepsItsAttemptsAndErrorAndIsClaimableOnlyAfterTheDelay() {
    jobs.publish(event("webhook", 1));
    JobQueue queue = mailer();
    queue.nack(queue.claim(1).get(0), Duration.ZERO, "HTTP 503");
    Job second = queue.claim(1).get(0);
    assertEquals(2, second.attempt());

    queue.release(second, Duration.ofMinutes(5));

    assertEquals(new QueueStats(1, 0, Duration.ZERO, 0), queue.stats());
    JobLeaseLostException e =
        assertThrows(JobLeaseLostException.class, () -> queue.release(second, Duration.ZERO));
    assertEquals(
        "the job at offset 1 of queue 'mailer' on topic 'jobs' (attempt 2) is no longer leased: it"
            + " was failed or released, and waits for its next attempt",
        e.getMessage());
    clock.advance(Duration.ofMinutes(5).minus(MICRO));
    assertEquals(List.of(), queue.claim(1), "not before the delay");
    clock.advance(MICRO);
    Job again = queue.claim(1).get(0);
    assertEquals(2, again.attempt(), "the released attempt did not count");
    assertEquals(Optional.of("HTTP 503"), again.lastError());
    queue.release(again, Duration.ZERO);
    assertEquals(2, queue.claim(1).get(0).attempt(), "released without delay: claimable at once");
  }

  @Test
  void releasingALostLeaseThrowsAndChangesNothing() {
    jobs.publishAll(events("webhook", 2));
    JobQueue queue = mailer();
    List<Job> claimed = queue.claim(2);
    queue.ack(claimed.get(0));

    JobLeaseLostException acked =
        assertThrows(
            JobLeaseLostException.class, () -> queue.release(claimed.get(0), Duration.ZERO));
    assertEquals(
        "the job at offset 1 of queue 'mailer' on topic 'jobs' (attempt 1) is no longer in the"
            + " queue: it was acknowledged or moved to the dead letters",
        acked.getMessage());
    clock.advance(LEASE.plus(MICRO));
    JobLeaseLostException expired =
        assertThrows(
            JobLeaseLostException.class, () -> queue.release(claimed.get(1), Duration.ZERO));
    assertEquals(
        "the job at offset 2 of queue 'mailer' on topic 'jobs' (attempt 1) lost its lease: the"
            + " lease expired at "
            + T0.plus(LEASE)
            + " (now "
            + T0.plus(LEASE).plus(MICRO)
            + ") and the job will be delivered again",
        expired.getMessage());
    assertEquals(
        List.of("2/2"), runs(queue.claim(10)), "the expired attempt counted; it was not released");
  }

  @Test
  void releaseDelayOutOfRangeIsRejectedAndTheJobStaysLeased() {
    jobs.publish(event("webhook", 1));
    JobQueue queue = mailer();
    Job job = queue.claim(1).get(0);

    assertRejected(
        "delay must be between 0 and 30 days (was PT-0.001S)",
        () -> queue.release(job, Duration.ofMillis(-1)));
    assertRejected(
        "delay must be between 0 and 30 days (was PT720H0.000001S)",
        () -> queue.release(job, Duration.ofDays(30).plus(MICRO)));
    assertThrows(NullPointerException.class, () -> queue.release(job, null));
    assertThrows(NullPointerException.class, () -> queue.release(null, Duration.ZERO));
    assertEquals(new QueueStats(0, 1, Duration.ZERO, 0), queue.stats());
    queue.release(job, Duration.ofDays(30));
    clock.advance(Duration.ofDays(30));
    assertEquals(List.of("1/1"), runs(queue.claim(1)));
    relay.close();
    assertThrows(RelayClosedException.class, () -> queue.release(job, Duration.ZERO));
  }

  @Test
  void jobReleasedByItsHandlerIsNotAcknowledgedAfterwardsAndRunsAgainAfterTheDelay()
      throws Exception {
    jobs.publish(event("webhook", 1));
    JobQueue queue = mailer();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    CountDownLatch released = new CountDownLatch(1);
    Worker first =
        queue
            .worker(
                job -> {
                  seen.add(run(job));
                  queue.release(job, Duration.ofMinutes(1)); // the circuit breaker is open
                  released.countDown();
                })
            .pollInterval(POLL)
            .start();
    assertTrue(released.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    first.close(); // waits for the worker's last acknowledgements

    assertEquals(0, failing.calls("queues.ackAll"), "no acknowledgement was even tried");
    assertEquals(0, failing.calls("queues.ack"));
    assertEquals(new QueueStats(1, 0, Duration.ZERO, 0), queue.stats());
    try (Worker second = queue.worker(job -> seen.add(run(job))).pollInterval(POLL).start()) {
      clock.advance(Duration.ofMinutes(1));
      await("the job runs again and is acknowledged", () -> queue.stats().equals(SETTLED));
    }
    assertEquals(List.of("1/1", "1/1"), List.copyOf(seen));
  }

  @Test
  void replayPutsBackDeliveredMatchingEventsButNotPendingLeasedFilteredOrUnreachedOnes() {
    // Offsets 1, 3..7 match; 2 does not.
    jobs.publishAll(
        List.of(
            event("email.requested", 1),
            event("sms.requested", 2),
            event("email.requested", 3),
            event("email.requested", 4),
            event("email.requested", 5),
            event("email.requested", 6),
            event("email.requested", 7)));
    JobQueue queue =
        relay.queue("jobs", "mailer", options().filter("name == 'email.requested'").build());
    List<Job> claimed = queue.claim(4); // 1, 3, 4, 5: the cursor stops at 5
    queue.ack(claimed.get(0));
    queue.nack(claimed.get(1), Duration.ZERO, "HTTP 500");
    Job retried = queue.claim(1).get(0);
    assertEquals("3/2", run(retried));
    queue.ack(retried);
    queue.nack(claimed.get(3), Duration.ofMinutes(1), "HTTP 500"); // 5 is pending, 4 leased

    assertEquals(2, queue.replay(1, 7), "1 and 3 only");

    assertEquals(new QueueStats(5, 1, Duration.ZERO, 0), queue.stats());
    assertEquals(0, queue.replay(1, 7), "a pending or leased job is not put back twice");
    List<Job> again = queue.claim(10);
    assertEquals(List.of("1/1", "3/1", "6/1", "7/1"), runs(again), "fresh attempts");
    assertEquals(Optional.empty(), again.get(1).lastError());
    assertEquals(claimed.get(1).event(), again.get(1).event());
  }

  @Test
  void replayCoversOnlyItsRangeAndOnlyThisQueue() {
    jobs.publishAll(events("webhook", 5));
    JobQueue queue = mailer();
    JobQueue other = relay.queue("jobs", "other", options().build());
    queue.claim(5).forEach(queue::ack);
    other.claim(5).forEach(other::ack);

    assertEquals(2, queue.replay(2, 3));

    assertEquals(List.of("2/1", "3/1"), runs(queue.claim(10)));
    assertEquals(List.of(), other.claim(10));
    assertEquals(1, queue.replay(5, 5));
    assertEquals(0, queue.replay(6, 10_005), "nothing there yet");
    assertEquals(List.of("5/1"), runs(queue.claim(10)));
  }

  @Test
  void replayedEventWaitsForItsAvailableAtAndAQueueThatSkippedTheTopicCanReplayIt() {
    jobs.publish(
        Event.builder("webhook")
            .source("contract-test")
            .data("{}")
            .availableAt(T0.plus(Duration.ofHours(1)))
            .build());
    JobQueue late = relay.queue("jobs", "late", options().deliverExisting(false).build());

    assertEquals(1, late.replay(1, 1), "the event lies before the queue's cursor");

    assertEquals(List.of(), late.claim(1));
    clock.advance(Duration.ofHours(1));
    assertEquals(List.of("1/1"), runs(late.claim(1)));
  }

  @Test
  void workersHandleReplayedEventsAgain() throws Exception {
    JobQueue queue = mailer();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (Worker worker = queue.worker(job -> seen.add(run(job))).pollInterval(WAIT).start()) {
      jobs.publishAll(events("webhook", 3));
      await("the jobs are done", () -> seen.size() == 3 && queue.stats().equals(SETTLED));

      assertEquals(3, queue.replay(1, 3));

      await("the replayed jobs are done", () -> seen.size() == 6);
      await("and acknowledged", () -> queue.stats().equals(SETTLED));
    }
    assertEquals(List.of("1/1", "2/1", "3/1", "1/1", "2/1", "3/1"), List.copyOf(seen));
  }

  @Test
  void replayRangesOutOfBoundsAreRejectedWithTheirRule() {
    jobs.publishAll(events("webhook", 2));
    JobQueue queue = mailer();
    queue.claim(2).forEach(queue::ack);

    assertRejected("fromOffset must be at least 1 (was 0)", () -> queue.replay(0, 5));
    assertRejected("toOffset must be at least fromOffset 5 (was 4)", () -> queue.replay(5, 4));
    assertRejected(
        "toOffset must be less than fromOffset + 10000 = 10001 (was 10001): one replay covers at"
            + " most 10000 offsets",
        () -> queue.replay(1, 10_001));
    assertRejected(
        "toOffset must be less than fromOffset + 10000 = 10002 (was 9223372036854775807): one"
            + " replay covers at most 10000 offsets",
        () -> queue.replay(2, Long.MAX_VALUE));
    assertEquals(SETTLED, queue.stats(), "nothing was put back");
    assertEquals(2, queue.replay(1, 10_000));
  }

  @Test
  void replayOfADeletedQueueOrOnAClosedRelayThrows() {
    JobQueue queue = mailer();
    queue.delete();

    UnknownQueueException e = assertThrows(UnknownQueueException.class, () -> queue.replay(1, 1));
    assertEquals(
        "queue 'mailer' on topic 'jobs' does not exist; it was deleted (open it again with"
            + " EventRelay.queue)",
        e.getMessage());
    relay.close();
    assertThrows(RelayClosedException.class, () -> queue.replay(1, 1));
  }
}
