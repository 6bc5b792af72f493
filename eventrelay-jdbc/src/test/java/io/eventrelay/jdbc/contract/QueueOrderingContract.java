package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventrelay.Event;
import io.eventrelay.Job;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.QueueStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which jobs a claim may take: FIFO groups, delayed events, the concurrency limit and the scan of
 * the log in pages; and the exact numbers of {@link JobQueue#stats()}.
 */
abstract class QueueOrderingContract extends QueueContractBase {

  static Event grouped(int n, String group) {
    return event("email.requested", n).toBuilder().groupKey(group).build();
  }

  @Test
  void fifoQueueHoldsBackLaterJobsOfAGroupUntilTheEarlierOneIsDone() {
    jobs.publishAll(
        List.of(
            grouped(1, "a"),
            grouped(2, "b"),
            grouped(3, "a"),
            event("email.requested", 4),
            grouped(5, "b")));
    JobQueue queue = relay.queue("jobs", "mailer", options().fifo(true).build());

    List<Job> heads = queue.claim(10);

    assertEquals(List.of(1L, 2L, 4L), offsetsOf(heads));
    assertEquals(List.of(), queue.claim(10));
    queue.ack(heads.get(0));
    assertEquals(List.of(3L), offsetsOf(queue.claim(10)), "a's next job, once a's first is done");
    queue.nack(heads.get(1), RETRY, "retry b");
    assertEquals(List.of(), queue.claim(10), "b's retry still holds b's next job back");
    clock.advance(RETRY);
    Job retried = queue.claim(10).get(0);
    assertEquals(2L, retried.event().offset());
    assertEquals(2, retried.attempt());
    queue.ack(retried);
    assertEquals(List.of(5L), offsetsOf(queue.claim(10)));
  }

  @Test
  void queueWithoutFifoIgnoresGroups() {
    jobs.publishAll(List.of(grouped(1, "a"), grouped(2, "a"), grouped(3, "a")));

    assertEquals(List.of(1L, 2L, 3L), offsetsOf(mailer().claim(10)));
  }

  @Test
  void delayedJobIsNotClaimedBeforeItsAvailableAt() {
    Duration delay = Duration.ofMinutes(1);
    jobs.publish(event("email.requested", 1).toBuilder().availableAt(T0.plus(delay)).build());
    jobs.publish(event("email.requested", 2));
    JobQueue queue = mailer();

    List<Job> now = queue.claim(10);
    assertEquals(List.of(2L), offsetsOf(now));
    queue.ack(now.get(0));
    clock.advance(delay.minus(MICRO));
    assertEquals(List.of(), queue.claim(10));
    clock.advance(MICRO);
    assertEquals(List.of(1L), offsetsOf(queue.claim(10)));
  }

  @Test
  void concurrencyLimitCapsLeasedJobsAcrossHandlesAndRelays() {
    Database db = newDatabase();
    var first = relay(db.open(), clock);
    var second = relay(db.open(), clock);
    first.createTopic("jobs").publishAll(events("email.requested", 5));
    JobQueue a = first.queue("jobs", "mailer", options().concurrencyLimit(2).build());
    JobQueue b = second.queue("jobs", "mailer", options().concurrencyLimit(2).build());

    List<Job> taken = a.claim(5);

    assertEquals(List.of(1L, 2L), offsetsOf(taken));
    assertEquals(List.of(), b.claim(5));
    a.ack(taken.get(0));
    assertEquals(List.of(3L), offsetsOf(b.claim(5)));
    assertEquals(List.of(), a.claim(5));
    clock.advance(LEASE.plus(MICRO));
    assertEquals(List.of(2L, 3L), offsetsOf(b.claim(5)), "expired leases no longer count");
  }

  @Test
  void claimsWalkALogLongerThanOneScanPageInOrder() {
    int total = 2500;
    publish(total, i -> event("email.requested", i));
    JobQueue queue = mailer();
    assertEquals(total, queue.stats().pending());

    List<Long> claimed = new ArrayList<>();
    for (List<Job> page; !(page = queue.claim(1000)).isEmpty(); ) {
      claimed.addAll(offsetsOf(page));
    }

    assertEquals(range(1, total), claimed);
    assertEquals(new QueueStats(0, total, Duration.ZERO, 0), queue.stats());
  }

  @Test
  void aClaimLeasesTheNewJobsThatAreDueAndLeavesDelayedOnesWaiting() {
    Duration lease = Duration.ofMinutes(5);
    JobQueue queue = relay.queue("jobs", "mailer", options().leaseDuration(lease).build());
    jobs.publish(event("email.requested", 1));
    jobs.publish(event("email.requested", 2).toBuilder().availableAt(T0.plusSeconds(60)).build());
    jobs.publish(event("email.requested", 3));

    List<Job> first = queue.claim(10);

    assertEquals(List.of(1L, 3L), offsetsOf(first));
    assertEquals(List.of(1, 1), first.stream().map(Job::attempt).toList());
    assertEquals(new QueueStats(1, 2, Duration.ZERO, 0), queue.stats(), "offset 2 not due yet");
    assertEquals(List.of(), queue.claim(10), "the jobs in flight are not claimable");
    clock.advance(Duration.ofSeconds(60));
    List<Job> second = queue.claim(10);
    assertEquals(List.of(2L), offsetsOf(second), "due now; 1 and 3 are still leased");
    assertEquals(1, second.get(0).attempt());
    clock.advance(lease.plusSeconds(1));
    assertEquals(List.of(1L, 2L, 3L), offsetsOf(queue.claim(10)), "every lease ended");
  }

  @Test
  void aSelectiveFilterFindsAMatchBeyondManyNonMatchingEventsInOneClaim() {
    publish(2500, i -> event("other", i));
    jobs.publish(event("email.requested", 2501));
    JobQueue queue =
        relay.queue("jobs", "mailer", options().filter("name == 'email.requested'").build());

    assertEquals(List.of(2501L), offsetsOf(queue.claim(1)));
  }

  @Test
  void statsCountPendingInFlightOldestAgeAndDeadLettersExactly() {
    JobQueue queue = relay.queue("jobs", "mailer", options().maxAttempts(1).build());
    jobs.publishAll(events("email.requested", 3)); // recorded at T0
    clock.advance(Duration.ofSeconds(10));
    jobs.publish(event("email.requested", 4).toBuilder().availableAt(T0.plusSeconds(3600)).build());
    clock.advance(Duration.ofSeconds(5));

    assertEquals(new QueueStats(4, 0, Duration.ofSeconds(15), 0), queue.stats(), "before a scan");
    List<Job> two = queue.claim(2);
    assertEquals(new QueueStats(2, 2, Duration.ofSeconds(15), 0), queue.stats());
    queue.ack(two.get(0));
    queue.nack(two.get(1), Duration.ZERO, "bounce");
    assertEquals(new QueueStats(2, 0, Duration.ofSeconds(15), 1), queue.stats());
    queue.claim(1);
    assertEquals(
        new QueueStats(1, 1, Duration.ZERO, 1), queue.stats(), "only the delayed job waits");
    clock.set(T0.plusSeconds(3600 + 7));
    Duration sinceLeaseEnded = Duration.ofSeconds(3600 + 7 - 15).minus(QueueOptions.DEFAULT_LEASE);
    assertEquals(
        new QueueStats(2, 0, sinceLeaseEnded, 1),
        queue.stats(),
        "a lease expired: the job waits again from the lease's end");
  }
}
