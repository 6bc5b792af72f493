package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.OutcomeUnknownException;
import io.eventrelay.StorageException;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.contract.FailingStorage.When;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing when the storage fails: an event id is stored at most once in its topic, and a commit
 * that failed in flight is reported as what it was, stored or not.
 */
abstract class PublishFaultContract extends StorageContract {
  JdbcStorage storage;
  FailingStorage failing;
  EventRelay relay;
  Topic topic;

  @BeforeEach
  void relayOnAFailingStorage() {
    storage = newStorage();
    failing = new FailingStorage(storage);
    relay = relay(failing);
    topic = relay.createTopic("orders");
  }

  @Test
  void anEventIdAlreadyStoredInTheTopicIsRefusedAndTheBatchStoresNothing() {
    Event first = topic.publish(event("order.placed", 1));
    Event again = event("order.placed", 2).toBuilder().id(first.id()).build();

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> topic.publishAll(List.of(event("order.placed", 3), again)));

    assertFalse(e.isTransient(), e.toString());
    assertEquals(1, topic.lastOffset(), "nothing of the batch was stored");
    Topic other = relay.createTopic("invoices");
    assertEquals(1, other.publish(again).offset(), "ids are unique per topic, not across topics");
  }

  @Test
  void storedOffsetsFindsEventsByIdAndZeroForTheOthers() {
    List<Event> stored = topic.publishAll(events("order.placed", 3));
    Event missing = event("order.placed", 9).toBuilder().id(UUID.randomUUID()).build();
    Event elsewhere = relay.createTopic("invoices").publish(event("invoice.sent", 1));

    long[] offsets =
        storage.storedOffsets(List.of(stored.get(2), missing, stored.get(0), elsewhere));

    assertArrayEquals(new long[] {3, 0, 1, 1}, offsets);
  }

  @Test
  void aCommitThatFailedInFlightButWentThroughIsReportedAsStoredOnce() {
    topic.publish(event("before", 0));
    failing.fail(
        "append",
        When.AFTER,
        1,
        () -> new OutcomeUnknownException("injected: connection lost during COMMIT", null));

    List<Event> published = topic.publishAll(events("order.placed", 3));

    assertEquals(List.of(2L, 3L, 4L), offsets(published));
    assertEquals(4, topic.lastOffset(), "stored once");
    assertEquals(
        published.stream().map(Event::id).toList(),
        topic.read(2, 10).stream().map(Event::id).toList());
  }

  @Test
  void aCommitThatFailedInFlightAndDidNotGoThroughIsReportedAsNotStored() {
    failing.fail(
        "append",
        When.BEFORE,
        1,
        () -> new OutcomeUnknownException("injected: connection lost during COMMIT", null));

    StorageException e =
        assertThrows(StorageException.class, () -> topic.publish(event("order.placed", 1)));

    assertFalse(e instanceof OutcomeUnknownException, e.toString());
    assertTrue(e.isTransient());
    assertEquals(0, topic.lastOffset());
    assertEquals(1, topic.publish(event("order.placed", 2)).offset(), "no gap");
  }

  @Test
  void whenTheLookupFailsTooTheCallerIsToldTheOutcomeIsUnknown() {
    failing.fail(
        "append",
        When.AFTER,
        1,
        () -> new OutcomeUnknownException("injected: connection lost during COMMIT", null));
    StorageException refused = new StorageException("injected: lookup refused", null, false);
    failing.fail("storedOffsets", When.BEFORE, -1, () -> refused);

    OutcomeUnknownException e =
        assertThrows(OutcomeUnknownException.class, () -> topic.publish(event("order.placed", 1)));

    assertEquals(List.of(refused), List.of(e.getSuppressed()));
    failing.healAll();
    assertEquals(1, topic.lastOffset(), "it was stored, as the caller may now find out");
  }
}
