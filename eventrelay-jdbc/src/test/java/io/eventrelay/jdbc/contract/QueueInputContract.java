package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.FilterSyntaxException;
import io.eventrelay.Job;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueStats;
import io.eventrelay.RelayClosedException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input to queues: each a specific exception, and the queue's state left as it was. */
abstract class QueueInputContract extends QueueContractBase {

  static void assertRejected(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Mailer", "1mailer", "mail-er", "mail er", "é"})
  void queueNamesOutsideTheAllowedPatternAreRejectedAndNothingIsCreated(String name) {
    assertRejected(
        "queue name '"
            + name
            + "' is not allowed: use a lower-case letter first, then a-z, 0-9 and _, at most 50"
            + " characters",
        () -> relay.queue("jobs", name, options().build()));
    assertEquals(List.of("jobs"), relay.topics().stream().map(t -> t.name()).toList());
  }

  @Test
  void queueNamesLongerThanFiftyCharactersAreRejected() {
    String name = "q".repeat(51);
    assertThrows(IllegalArgumentException.class, () -> relay.queue("jobs", name));
    assertThrows(NullPointerException.class, () -> relay.queue("jobs", "mailer", null));
    assertRejected(
        "queue name null is not allowed: use a lower-case letter first, then a-z, 0-9 and _, at"
            + " most 50 characters",
        () -> relay.queue("jobs", null));
  }

  @Test
  void aQueueOnAnUnknownTopicIsRejectedWithoutCreatingItsDeadLetterTopic() {
    UnknownTopicException e =
        assertThrows(UnknownTopicException.class, () -> relay.queue("nope", "mailer"));

    assertEquals("nope", e.topic());
    assertEquals(Optional.empty(), relay.findTopic("mailer_dead"));
  }

  @Test
  void invalidFiltersAreRejectedWhenTheOptionsAreBuilt() {
    FilterSyntaxException e =
        assertThrows(FilterSyntaxException.class, () -> options().filter("name =="));
    assertEquals(7, e.position());
  }

  @Test
  void outOfRangeOptionsAreRejectedWithTheirNameAndRange() {
    assertRejected(
        "maxAttempts must be between 1 and 1000 (was 0)", () -> options().maxAttempts(0));
    assertRejected(
        "maxAttempts must be between 1 and 1000 (was -1)", () -> options().maxAttempts(-1));
    assertRejected(
        "leaseDuration must be between 1 millisecond and 24 hours (was PT0S)",
        () -> options().leaseDuration(Duration.ZERO));
    assertRejected(
        "leaseDuration must be between 1 millisecond and 24 hours (was PT-1S)",
        () -> options().leaseDuration(Duration.ofSeconds(-1)));
    assertRejected(
        "concurrencyLimit must be between 1 and 1000000 (was 0)",
        () -> options().concurrencyLimit(0));
    assertRejected(
        "concurrencyLimit must be between 1 and 1000000 (was -5)",
        () -> options().concurrencyLimit(-5));
    assertRejected(
        "deadLetterTopic is not allowed: topic name must not be empty; allowed: [a-z][a-z0-9_]*, 1"
            + " to 50 characters",
        () -> options().deadLetterTopic(""));
  }

  @Test
  void deadLetterTopicMustDifferFromTheQueuesTopicAndFitTheNameLimit() {
    assertRejected(
        "deadLetterTopic must differ from the queue's topic 'jobs'",
        () -> relay.queue("jobs", "mailer", options().deadLetterTopic("jobs").build()));
    String longName = "q".repeat(46);
    assertRejected(
        "queue name '"
            + longName
            + "' is too long for the default dead-letter topic '"
            + longName
            + "_dead' (topic names have at most 50 characters); set QueueOptions deadLetterTopic",
        () -> relay.queue("jobs", longName));
    relay.queue("jobs", longName, options().deadLetterTopic("failed").build());
  }

  @Test
  void reopeningAQueueWithAnotherFilterOrDeadLetterTopicIsRejectedAndChangesNothing() {
    jobs.publishAll(List.of(event("email.requested", 1), event("sms.requested", 2)));
    JobQueue queue =
        relay.queue("jobs", "mailer", options().filter("name == 'email.requested'").build());

    assertRejected(
        "queue 'mailer' on topic 'jobs' exists with filter 'name == 'email.requested'', not ''; "
            + "delete the queue to change it",
        () -> relay.queue("jobs", "mailer", options().build()));
    assertRejected(
        "queue 'mailer' on topic 'jobs' exists with dead-letter topic 'mailer_dead', not"
            + " 'failed'; delete the queue to change it",
        () ->
            relay.queue(
                "jobs",
                "mailer",
                options().filter("name == 'email.requested'").deadLetterTopic("failed").build()));

    assertEquals(Optional.empty(), relay.findTopic("failed"));
    assertEquals(List.of(1L), offsetsOf(queue.claim(10)));
  }

  @Test
  void outOfRangeArgumentsLeaveTheJobAsItWas() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    Job job = queue.claim(1).get(0);
    QueueStats before = queue.stats();

    assertRejected("max must be between 1 and 1000 (was 0)", () -> queue.claim(0));
    assertRejected("max must be between 1 and 1000 (was 1001)", () -> queue.claim(1001));
    assertRejected("max must be between 1 and 10000 (was 0)", () -> queue.redrive(0));
    assertRejected(
        "delay must be between 0 and 30 days (was PT-1S)",
        () -> queue.nack(job, Duration.ofSeconds(-1), "x"));
    assertRejected(
        "duration must be between 1 millisecond and 24 hours (was PT0S)",
        () -> queue.extend(job, Duration.ZERO));

    assertEquals(before, queue.stats());
    assertEquals(T0.plus(LEASE), job.leaseUntil());
    queue.ack(job);
  }

  @Test
  void jobsOfAnotherQueueAreRejectedButAnyHandleOfTheSameQueueMaySettleThem() {
    jobs.publishAll(events("email.requested", 2));
    JobQueue queue = mailer();
    JobQueue other = relay.queue("jobs", "other", options().build());
    List<Job> claimed = queue.claim(2);
    Job job = claimed.get(0);

    assertRejected(
        job + " was not claimed from queue 'other' on topic 'jobs'", () -> other.ack(job));
    assertRejected(
        job + " was not claimed from queue 'other' on topic 'jobs'",
        () -> other.nack(job, Duration.ZERO, "x"));
    assertThrows(NullPointerException.class, () -> queue.ack(null));

    mailer().ack(job);
    mailer().nack(claimed.get(1), Duration.ZERO, "through another handle");
    assertEquals(new QueueStats(1, 0, Duration.ZERO, 0), queue.stats());
  }

  @Test
  void workerSettingsOutOfRangeAreRejected() {
    Worker.Builder builder = mailer().worker(job -> {});
    assertRejected("threads must be between 1 and 1000 (was 0)", () -> builder.threads(0));
    assertRejected("prefetch must be between 0 and 1000 (was -1)", () -> builder.prefetch(-1));
    assertRejected("prefetch must be between 0 and 1000 (was 1001)", () -> builder.prefetch(1001));
    assertRejected(
        "pollInterval must be between 1 millisecond and 1 hour (was PT0S)",
        () -> builder.pollInterval(Duration.ZERO));
    assertRejected(
        "shutdownTimeout must be between 0 and 1 hour (was PT-1S)",
        () -> builder.shutdownTimeout(Duration.ofSeconds(-1)));
  }

  @Test
  void everyMethodThrowsOnceTheRelayIsClosed() {
    jobs.publish(event("email.requested", 1));
    JobQueue queue = mailer();
    Job job = queue.claim(1).get(0);
    relay.close();

    for (Function<JobQueue, Object> call :
        List.<Function<JobQueue, Object>>of(
            q -> q.claim(1),
            q -> q.stats(),
            q -> q.redrive(1),
            q -> q.delete(),
            q -> q.worker(j -> {}),
            q -> {
              q.ack(job);
              return null;
            })) {
      RelayClosedException e = assertThrows(RelayClosedException.class, () -> call.apply(queue));
      assertEquals("this EventRelay is closed", e.getMessage());
    }
    assertThrows(RelayClosedException.class, () -> relay.queue("jobs", "mailer"));
  }
}
