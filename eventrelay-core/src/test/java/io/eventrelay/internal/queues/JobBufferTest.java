package io.eventrelay.internal.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.Job;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueRecord;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A paused {@link JobBuffer} gives its waiting jobs out, refuses new ones and lets no one claim.
 */
class JobBufferTest {
  private static final QueueRecord QUEUE =
      new QueueRecord(1, "jobs", "mailer", Filter.all(), "mailer_dead", Instant.EPOCH);
  private static final long NO_WAIT = TimeUnit.MILLISECONDS.toNanos(1);

  private final JobBuffer buffer = new JobBuffer(4, 1);

  private static Job job(long offset) {
    Event event = Event.builder("webhook").source("test").data("{}").build();
    return new ClaimedJob(
        new Delivery(new DeliveryToken(QUEUE, offset, "owner", 1), event, Instant.MAX, null));
  }

  @Test
  void pauseTakesTheWaitingJobsOutAndRefusesTheJobsOfAClaimUnderWay() throws Exception {
    int wanted = buffer.awaitRoom(true, NO_WAIT);
    assertEquals(4, wanted);
    List<Job> first = List.of(job(1), job(2));
    assertTrue(buffer.hand(first, wanted));
    assertEquals(1L, ((ClaimedJob) buffer.take()).token().offset(), "job 1 runs");
    int more = buffer.awaitRoom(true, NO_WAIT); // a claim under way

    assertEquals(List.of(first.get(1)), buffer.pause(), "job 2 was waiting");

    assertFalse(
        buffer.hand(List.of(job(3)), more), "the claim's jobs are for the caller to give back");
    assertTrue(buffer.isPaused());
    assertEquals(0, buffer.awaitRoom(true, NO_WAIT), "no claim while paused");
    assertEquals(List.of(), buffer.pause(), "idempotent");
    assertTrue(buffer.resume());
    assertFalse(buffer.resume(), "resumed once");
    assertEquals(3, buffer.awaitRoom(true, NO_WAIT), "room for all but the running job");
  }
}
