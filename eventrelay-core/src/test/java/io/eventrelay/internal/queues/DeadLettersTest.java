package io.eventrelay.internal.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.spi.EventRecord;
import io.eventrelay.spi.QueueRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
  static final Instant T0 = Instant.parse("2031-03-04T05:06:07.123456Z");
  static final QueueRecord MAILER =
      new QueueRecord(1, "jobs", "mailer", Filter.all(), "mailer_dead", T0);

  static Event stored(String contextJson) {
    return Event.fromRecord(
        new EventRecord(
            UUID.randomUUID(),
            "jobs",
            "u1",
            42,
            "email.requested",
            "web",
            "{\"to\":\"a@b.c\"}",
            contextJson,
            T0,
            T0.plusSeconds(5),
            T0,
            "user",
            null,
            "group",
            null,
            "trace",
            null,
            null));
  }

  @Test
  void deadLetterKeepsTheEventAndRecordsWhereItCameFromInItsContext() {
    Event original = stored("{\"tenant\":\"acme\"}");
    UUID id = UUID.randomUUID();
    Instant now = T0.plusSeconds(60);

    Event letter = DeadLetters.of(original, MAILER, 3, "bounced", id, now);

    assertEquals(id, letter.id());
    assertEquals(Optional.of(original.id()), letter.prevId());
    assertEquals(now, letter.occurredAt());
    assertEquals(Optional.empty(), letter.availableAt(), "a dead letter is not delayed");
    assertEquals(original.name(), letter.name());
    assertEquals(original.source(), letter.source());
    assertEquals(original.dataJson(), letter.dataJson());
    assertEquals(original.groupKey(), letter.groupKey());
    assertEquals(original.topicIdentifier(), letter.topicIdentifier());
    assertEquals(
        "{\"tenant\":\"acme\",\"dead_letter\":{\"topic\":\"jobs\",\"queue\":\"mailer\","
            + "\"offset\":42,\"attempts\":3,\"error\":\"bounced\"}}",
        letter.contextJson());
    assertEquals("{\"tenant\":\"acme\"}", original.contextJson(), "the original is unchanged");
    assertEquals(42, DeadLetters.originalOffset(letter));
  }

  @Test
  void theFilterSelectsOnlyThisQueuesDeadLetters() {
    Event letter = DeadLetters.of(stored(null), MAILER, 1, null, UUID.randomUUID(), T0);
    QueueRecord otherQueue = new QueueRecord(2, "jobs", "audit", Filter.all(), "mailer_dead", T0);
    QueueRecord otherTopic =
        new QueueRecord(3, "orders", "mailer", Filter.all(), "mailer_dead", T0);

    assertTrue(DeadLetters.filter(MAILER).matches(letter));
    assertFalse(DeadLetters.filter(otherQueue).matches(letter));
    assertFalse(DeadLetters.filter(otherTopic).matches(letter));
    assertEquals(
        "{\"dead_letter\":{\"topic\":\"jobs\",\"queue\":\"mailer\",\"offset\":42,\"attempts\":1,"
            + "\"error\":null}}",
        letter.contextJson());
  }

  @Test
  void anEventThatDoesNotSayWhereItCameFromHasNoOriginalOffset() {
    assertEquals(0, DeadLetters.originalOffset(stored(null)));
    assertEquals(0, DeadLetters.originalOffset(stored("{\"dead_letter\":{\"offset\":\"7\"}}")));
    assertEquals(0, DeadLetters.originalOffset(stored("{\"dead_letter\":{\"offset\":-7}}")));
    assertEquals(7, DeadLetters.originalOffset(stored("{\"dead_letter\":{\"offset\":7}}")));
  }
}
