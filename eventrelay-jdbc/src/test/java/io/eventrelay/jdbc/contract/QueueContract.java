package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrelay.Event;
import io.eventrelay.Job;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.QueueStats;
import io.eventrelay.UnknownQueueException;
import io.eventrelay.UnknownTopicException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Worker queues, one claimer at a time: leases, acknowledgement, retries, expiry, dead letters and
 * redrive, with time decided by a {@link MutableClock}.
 */
abstract class QueueContract extends QueueContractBase {

  @Test
  void claimLeasesJobsOldestFirstToOneClaimerAtATime() {
    List<Event> published = jobs.publishAll(events("email.requested", 5));
    JobQueue queue = mailer();

    List<Job> first = queue.claim(3);
    List<Job> second = queue.claim(10);

    assertEquals(List.of(1L, 2L, 3L), offsetsOf(first));
    assertEquals(List.of(4L, 5L), offsetsOf(second));
    assertEquals(List.of(), queue.claim(10));
    Job job = first.get(0);
    assertEquals(published.get(0), job.event());
    assertEquals(1, job.attempt());
    assertEquals(T0.plus(LEASE), job.leaseUntil());
    assertEquals(Optional.empty(), job.lastError());
  }

  @Test
  void ackedJobIsGoneAndAckingItAgainThrowsAndChangesNothing() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    Job job = queue.claim(1).get(0);

    queue.ack(job);

    JobLeaseLostException again = assertThrows(JobLeaseLostException.class, () -> queue.ack(job));
    assertEquals(
        "the job at offset 1 of queue 'mailer' on topic 'jobs' (attempt 1) is no longer in the"
            + " queue: it was acknowledged or moved to the dead letters",
        again.getMessage());
    assertThrows(JobLeaseLostException.class, () -> queue.nack(job, Duration.ZERO, "late"));
    clock.advance(Duration.ofDays(1));
    assertEquals(List.of(), queue.claim(10));
    assertEquals(new QueueStats(0, 0, Duration.ZERO, 0), queue.stats());
  }

  @Test
  void nackedJobReturnsAfterItsDelayAsTheNextAttemptWithItsError() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    Job first = queue.claim(1).get(0);

    queue.nack(first, RETRY, "smtp timeout");

    assertEquals(List.of(), queue.claim(1));
    clock.advance(RETRY.minus(MICRO));
    assertEquals(List.of(), queue.claim(1), "not before the delay has passed");
    clock.advance(MICRO);
    Job second = queue.claim(1).get(0);
    assertEquals(2, second.attempt());
    assertEquals(Optional.of("smtp timeout"), second.lastError());
    assertEquals(first.event(), second.event());
    JobLeaseLostException stale = assertThrows(JobLeaseLostException.class, () -> queue.ack(first));
    assertTrue(stale.getMessage().contains("claimed again (attempt 2)"), stale.getMessage());
  }

  @Test
  void nackWithoutDelayUsesTheBackoffPolicy() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();

    queue.nack(queue.claim(1).get(0), "busy");

    clock.advance(RETRY.minus(MICRO));
    assertEquals(List.of(), queue.claim(1));
    clock.advance(MICRO);
    assertEquals(2, queue.claim(1).get(0).attempt());
  }

  @Test
  void expiredLeaseIsDeliveredAgainAndTheOldHolderCanNoLongerSettleIt() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    Job lost = queue.claim(1).get(0);

    clock.advance(LEASE);
    assertEquals(List.of(), queue.claim(1), "a lease holds until its end");
    clock.advance(MICRO);
    Job again = queue.claim(1).get(0);

    assertEquals(2, again.attempt());
    assertEquals(T0.plus(LEASE).plus(MICRO).plus(LEASE), again.leaseUntil());
    JobLeaseLostException e = assertThrows(JobLeaseLostException.class, () -> queue.ack(lost));
    assertEquals(
        "the job at offset 1 of queue 'mailer' on topic 'jobs' (attempt 1) lost its lease: the"
            + " lease expired at "
            + T0.plus(LEASE)
            + " (now "
            + T0.plus(LEASE).plus(MICRO)
            + ") and the job will be delivered again",
        e.getMessage());
    assertThrows(JobLeaseLostException.class, () -> queue.extend(lost, LEASE));
    queue.ack(again);
    assertEquals(0, queue.stats().pending());
  }

  @Test
  void settlingAnExpiredLeaseThatNoOneClaimedYetFailsAndTheJobIsDeliveredAgain() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    Job slow = queue.claim(1).get(0);
    clock.advance(LEASE.plus(MICRO));

    assertThrows(JobLeaseLostException.class, () -> queue.ack(slow));
    assertThrows(JobLeaseLostException.class, () -> queue.nack(slow, Duration.ZERO, "late"));
    assertThrows(JobLeaseLostException.class, () -> queue.extend(slow, LEASE));
    assertEquals(1, queue.stats().pending(), "the failed settlements changed nothing");

    Job again = queue.claim(1).get(0);
    assertEquals(2, again.attempt());
    queue.ack(again);
    assertEquals(List.of(), queue.claim(1));
  }

  @Test
  void extendedLeaseIsNotClaimedUntilItsNewEnd() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    Job job = queue.claim(1).get(0);
    clock.advance(Duration.ofSeconds(20));

    queue.extend(job, Duration.ofMinutes(5));

    assertEquals(T0.plusSeconds(20).plus(Duration.ofMinutes(5)), job.leaseUntil());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(List.of(), queue.claim(1));
    clock.advance(MICRO);
    assertEquals(2, queue.claim(1).get(0).attempt());
  }

  @Test
  void jobMovesToTheDeadLetterTopicAfterItsLastAttemptWithItsLastError() {
    Event original = jobs.publish(event("email.requested", 7));
    JobQueue queue = mailer();
    for (int attempt = 1; attempt <= 3; attempt++) {
      Job job = queue.claim(1).get(0);
      assertEquals(attempt, job.attempt());
      queue.nack(job, Duration.ZERO, "bounce " + attempt);
    }

    assertEquals(List.of(), queue.claim(1));
    Event letter = readAll(relay.topic("mailer_dead")).get(0);
    assertEquals("mailer_dead", queue.deadLetterTopic());
    assertEquals(1, letter.offset());
    assertEquals(original.name(), letter.name());
    assertEquals(original.source(), letter.source());
    assertEquals(original.data(), letter.data());
    assertEquals(Optional.of(original.id()), letter.prevId());
    assertEquals(T0, letter.occurredAt());
    assertEquals(
        json("{'topic':'jobs','queue':'mailer','offset':1,'attempts':3,'error':'bounce 3'}"),
        letter.context().orElseThrow().get("dead_letter"));
    assertEquals(new QueueStats(0, 0, Duration.ZERO, 1), queue.stats());
  }

  @Test
  void lastAttemptWhoseLeaseExpiredIsDeadLetteredByTheNextClaim() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = relay.queue("jobs", "mailer", options().maxAttempts(2).build());
    queue.nack(queue.claim(1).get(0), Duration.ZERO, "first failure");
    Job last = queue.claim(1).get(0);
    clock.advance(LEASE.plus(MICRO));

    assertEquals(List.of(), queue.claim(1));

    assertEquals(1, relay.topic("mailer_dead").lastOffset());
    JsonNode letter = deadLetters("mailer_dead").get(0);
    assertEquals(2, letter.get("attempts").asInt());
    assertEquals(
        "the lease of attempt 2 expired before the job was settled; last recorded error: first"
            + " failure",
        letter.get("error").asText());
    assertThrows(JobLeaseLostException.class, () -> queue.ack(last));
    assertEquals(new QueueStats(0, 0, Duration.ZERO, 1), queue.stats());
  }

  @Test
  void redrivePutsDeadLettersBackIntoThisQueueOnlyAndOnlyOnce() {
    Event original = jobs.publish(event("email.requested", 1));
    JobQueue queue = relay.queue("jobs", "mailer", options().maxAttempts(1).build());
    JobQueue audit = relay.queue("jobs", "audit", options().build());
    audit.ack(audit.claim(1).get(0));
    queue.nack(queue.claim(1).get(0), Duration.ZERO, "bounce");
    assertEquals(1, queue.stats().deadLetters());

    assertEquals(1, queue.redrive(100));

    Job back = queue.claim(1).get(0);
    assertEquals(original, back.event());
    assertEquals(1, back.attempt());
    assertEquals(Optional.empty(), back.lastError());
    assertEquals(List.of(), audit.claim(1), "the topic's other queues do not see it again");
    assertEquals(0, queue.redrive(100), "a dead letter is redriven once");
    assertEquals(new QueueStats(0, 1, Duration.ZERO, 0), queue.stats());
    assertEquals(1, relay.topic("mailer_dead").lastOffset(), "the dead letter stays in the log");
  }

  @Test
  void queuesSharingADeadLetterTopicCountAndRedriveOnlyTheirOwnLetters() {
    jobs.publish(event("email.requested", 1));
    QueueOptions shared = options().maxAttempts(1).deadLetterTopic("failed").build();
    JobQueue a = relay.queue("jobs", "a", shared);
    JobQueue b = relay.queue("jobs", "b", shared);
    a.nack(a.claim(1).get(0), Duration.ZERO, "a failed");
    b.nack(b.claim(1).get(0), Duration.ZERO, "b failed");
    assertEquals(1, a.stats().deadLetters());
    assertEquals(1, b.stats().deadLetters());

    assertEquals(1, a.redrive(10));

    assertEquals(0, a.stats().deadLetters());
    assertEquals(1, b.stats().deadLetters());
    assertEquals(List.of(1L), offsetsOf(a.claim(5)));
    assertEquals(List.of(), b.claim(5));
    assertEquals(List.of("a failed", "b failed"), errors("failed"));
  }

  @Test
  void onlyEventsMatchingTheQueueFilterBecomeJobs() {
    jobs.publishAll(
        List.of(
            event("email.requested", 1), event("sms.requested", 2), event("email.requested", 3)));
    JobQueue queue =
        relay.queue("jobs", "mailer", options().filter("name == 'email.requested'").build());

    assertEquals(2, queue.stats().pending(), "pending counts only matching events");
    assertEquals(List.of(1L, 3L), offsetsOf(queue.claim(10)));
  }

  @Test
  void newQueueCanSkipTheTopicsExistingEventsAndAReopenedQueueKeepsItsCursor() {
    jobs.publishAll(events("old", 2));
    JobQueue fresh = relay.queue("jobs", "fresh", options().deliverExisting(false).build());
    jobs.publish(event("new", 3));

    assertEquals(List.of(3L), offsetsOf(fresh.claim(10)));
    JobQueue reopened = relay.queue("jobs", "fresh", options().build());
    jobs.publish(event("newer", 4));
    assertEquals(List.of(4L), offsetsOf(reopened.claim(10)));
  }

  @Test
  void deletingTheTopicDeletesItsQueuesAndTheirJobs() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    queue.claim(1);

    assertTrue(relay.deleteTopic("jobs"));

    assertThrows(UnknownTopicException.class, () -> queue.claim(1));
    assertThrows(UnknownTopicException.class, queue::stats);
    relay.createTopic("jobs").publish(event("email.requested", 2));
    QueueStats fresh = mailer().stats();
    assertEquals(1, fresh.pending(), "a new queue of that name starts from the new topic");
    assertEquals(0, fresh.inFlight());
  }

  @Test
  void deletedQueueRefusesWorkAndANewOneOfThatNameStartsOver() {
    jobs.publishAll(events("email.requested", 2));
    JobQueue queue = mailer();
    queue.ack(queue.claim(1).get(0));

    assertTrue(queue.delete());

    assertFalse(queue.delete());
    UnknownQueueException gone = assertThrows(UnknownQueueException.class, () -> queue.claim(1));
    assertEquals("mailer", gone.queue());
    assertEquals(List.of(1L, 2L), offsetsOf(mailer().claim(10)));
  }
}
