package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.FilterSyntaxException;
import io.eventrelay.RelayClosedException;
import io.eventrelay.StartPosition;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import io.eventrelay.UnknownSubscriptionException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.jdbc.JdbcStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream subscriptions with one consumer at a time: polling, committing, reopening, start
 * positions, filters, seeking, deletion, and every kind of bad input leaving the state unchanged.
 */
abstract class StreamContract extends StorageContract {
  static final SubscriptionOptions DEFAULTS = SubscriptionOptions.defaults();

  MutableClock clock;
  JdbcStorage storage;
  EventRelay relay;
  Topic topic;

  @BeforeEach
  void relayWithTopic() {
    clock = MutableClock.at(T0);
    storage = newStorage();
    relay = relay(storage, clock);
    topic = relay.createTopic("orders");
  }

  @Test
  void pollDeliversEventsInOrderAndCommitMovesTheDurableCursor() {
    topic.publishAll(events("order.placed", 5));
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    assertEquals(0, sub.committed());

    assertEquals(List.of(1L, 2L, 3L), offsets(sub.poll(3)));
    assertEquals(List.of(4L, 5L), offsets(sub.poll(3)));
    assertEquals(List.of(), sub.poll(3));
    sub.commit(3);

    assertEquals(3, sub.committed());
    topic.publish(event("order.placed", 5));
    assertEquals(List.of(6L), offsets(sub.poll(10)));
    sub.commit(6);
    assertEquals(6, sub.committed());
  }

  @Test
  void reopenedSubscriptionRedeliversWhatWasNotCommitted() {
    topic.publishAll(events("order.placed", 5));
    Subscription first = relay.subscribe("orders", "billing", DEFAULTS);
    assertEquals(List.of(1L, 2L, 3L, 4L), offsets(first.poll(4)));
    first.commit(2);
    first.close();

    Subscription again = relay.subscribe("orders", "billing", DEFAULTS);

    assertEquals(List.of(3L, 4L, 5L), offsets(again.poll(10)));
    assertEquals(2, again.committed());
    assertThrows(RelayClosedException.class, () -> first.poll(1), "a closed consumer");
  }

  @Test
  void subscriptionsAreIndependentPerNameAndPerTopic() {
    topic.publishAll(events("order.placed", 3));
    relay.createTopic("refunds").publish(event("refund", 0));
    Subscription billing = relay.subscribe("orders", "billing", DEFAULTS);
    Subscription audit = relay.subscribe("orders", "audit", DEFAULTS);
    Subscription refunds = relay.subscribe("refunds", "billing", DEFAULTS);

    billing.poll(10);
    billing.commit(3);

    assertEquals(List.of(1L, 2L, 3L), offsets(audit.poll(10)));
    assertEquals(List.of("refund"), refunds.poll(10).stream().map(Event::name).toList());
    assertEquals(0, audit.committed());
  }

  @Test
  void startPositionsApplyOnlyWhenTheSubscriptionIsCreated() {
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      topic.publish(event("order.placed", i)); // recorded at T0 + 1..5 minutes
    }

    Instant third = T0.plus(Duration.ofMinutes(3));
    Instant future = T0.plus(Duration.ofHours(1));

    assertEquals(List.of(1L, 2L), firstPoll("earliest", StartPosition.earliest()));
    assertEquals(List.of(), firstPoll("latest", StartPosition.latest()));
    assertEquals(List.of(4L, 5L), firstPoll("at4", StartPosition.offset(4)));
    assertEquals(List.of(), firstPoll("at_end", StartPosition.offset(6)));
    assertEquals(List.of(3L, 4L), firstPoll("timed", StartPosition.time(third)));
    assertEquals(List.of(), firstPoll("future", StartPosition.time(future)));
    assertEquals(List.of(1L, 2L), firstPoll("default", null));

    topic.publish(event("order.placed", 5));
    assertEquals(List.of(6L), firstPoll("latest", StartPosition.earliest()), "cursor kept");
    assertEquals(List.of(4L, 5L), firstPoll("at4", StartPosition.latest()), "cursor kept");
    assertEquals(List.of(6L), firstPoll("future", StartPosition.earliest()), "cursor kept");
  }

  /** Opens the subscription, polls up to two events, and closes it without committing. */
  List<Long> firstPoll(String name, StartPosition start) {
    SubscriptionOptions options = start == null ? DEFAULTS : options(start);
    try (Subscription sub = relay.subscribe("orders", name, options)) {
      return offsets(sub.poll(2));
    }
  }

  @Test
  void startOffsetBeyondTheTopicsEndIsRejectedAndCreatesNothing() {
    topic.publishAll(events("order.placed", 2));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> relay.subscribe("orders", "late", options(StartPosition.offset(4))));

    assertEquals(
        "start offset must be at most 3, the next offset of topic 'orders' (was 4)",
        e.getMessage());
    assertFalse(relay.deleteSubscription("orders", "late"), "nothing was stored");
    assertThrows(IllegalArgumentException.class, () -> StartPosition.offset(0));
  }

  @Test
  void filterDeliversOnlyMatchingEventsAndLetsTheCursorPassTheRest() {
    topic.publishAll(
        List.of(
            event("order.placed", 1),
            event("order.cancelled", 2),
            event("order.placed", 3),
            event("order.cancelled", 4),
            event("order.cancelled", 5)));
    SubscriptionOptions placed =
        SubscriptionOptions.builder().filter("name == 'order.placed'").build();
    Subscription sub = relay.subscribe("orders", "placed", placed);

    assertEquals(List.of(1L, 3L), offsets(sub.poll(10)));
    sub.commit(5); // nothing else matched up to the end of the topic

    assertEquals(5, sub.committed());
    assertEquals("name == 'order.placed'", sub.filter().toString());
    topic.publishAll(List.of(event("order.cancelled", 6), event("order.placed", 7)));
    assertEquals(List.of(7L), offsets(sub.poll(10)));
  }

  @Test
  void reopeningWithAnotherFilterIsRejectedUntilTheSubscriptionIsDeleted() {
    topic.publishAll(events("order.placed", 3));
    Subscription sub = relay.subscribe("orders", "placed", withFilter("name == 'order.placed'"));
    sub.poll(10);
    sub.commit(2);
    sub.close();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> relay.subscribe("orders", "placed", withFilter("name == 'other'")));
    assertTrue(
        e.getMessage().contains("exists with filter 'name == 'order.placed''"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> relay.subscribe("orders", "placed", DEFAULTS));
    Subscription same = relay.subscribe("orders", "placed", withFilter("name=='order.placed'"));
    assertEquals(2, same.committed(), "an equal filter, spelled differently, opens it");
    same.close();

    assertTrue(relay.deleteSubscription("orders", "placed"));
    assertFalse(relay.deleteSubscription("orders", "placed"));
    Subscription renewed = relay.subscribe("orders", "placed", withFilter("name == 'other'"));
    assertEquals(0, renewed.committed());
  }

  @Test
  void seekToAnOffsetOrATimeReplaysAndMovesTheDurableCursor() {
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofMinutes(1));
      topic.publish(event("order.placed", i));
    }
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    sub.poll(10);
    sub.commit(6);

    sub.seek(2);
    assertEquals(1, sub.committed());
    assertEquals(List.of(2L, 3L), offsets(sub.poll(2)));

    sub.seek(T0.plus(Duration.ofMinutes(5)));
    assertEquals(4, sub.committed());
    assertEquals(List.of(5L, 6L), offsets(sub.poll(10)));

    sub.seek(7);
    assertEquals(6, sub.committed());
    assertEquals(List.of(), sub.poll(10));
    sub.seek(T0.plus(Duration.ofDays(1)));
    assertEquals(6, sub.committed());
  }

  @Test
  void seekOutOfRangeIsRejectedAndChangesNothing() {
    topic.publishAll(events("order.placed", 4));
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    sub.poll(3);
    sub.commit(2);

    for (long bad : List.of(0L, -1L, 6L)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> sub.seek(bad));
      assertEquals(
          "offset must be between 1 and 5, the next offset of topic 'orders' (was " + bad + ")",
          e.getMessage());
    }

    assertEquals(2, sub.committed());
    assertEquals(List.of(4L), offsets(sub.poll(10)), "the position did not move either");
  }

  @Test
  void commitOutsideWhatWasDeliveredIsRejectedWithBothBoundsAndChangesNothing() {
    topic.publishAll(events("order.placed", 6));
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    sub.poll(4);
    sub.commit(2);

    for (long bad : List.of(5L, 2L, 1L, 0L, -3L)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> sub.commit(bad));
      assertEquals(
          "offset must be more than the committed offset 2 and at most the last offset delivered"
              + " to this consumer, 4 (was "
              + bad
              + ")",
          e.getMessage());
    }

    assertEquals(2, sub.committed());
    sub.commit(4);
    assertEquals(List.of(5L, 6L), offsets(sub.poll(10)));
  }

  @Test
  void badNamesUnknownTopicsBadFiltersAndBadLimitsAreRejectedAndStoreNothing() {
    for (String bad : new String[] {"", "Billing", "1st", "bill-ing", "a".repeat(51), null}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> relay.subscribe("orders", bad, DEFAULTS));
      assertTrue(e.getMessage().startsWith("subscription name must be"), e.getMessage());
    }
    assertEquals("a".repeat(50), relay.subscribe("orders", "a".repeat(50), DEFAULTS).name());
    assertThrows(
        IllegalArgumentException.class, () -> relay.subscribe("Orders", "billing", DEFAULTS));
    assertThrows(
        IllegalArgumentException.class, () -> relay.subscribe("orders:1", "billing", DEFAULTS));
    UnknownTopicException unknown =
        assertThrows(
            UnknownTopicException.class, () -> relay.subscribe("missing", "billing", DEFAULTS));
    assertEquals("missing", unknown.topic());
    assertThrows(
        UnknownTopicException.class,
        () -> relay.subscribe("missing", "billing", options(StartPosition.latest())));
    FilterSyntaxException syntax =
        assertThrows(
            FilterSyntaxException.class, () -> SubscriptionOptions.builder().filter("name == "));
    assertEquals(8, syntax.position());

    topic.publishAll(events("order.placed", 2));
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    for (int bad : new int[] {0, -1, 10_001}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> sub.poll(bad));
      assertEquals("max must be between 1 and 10000 (was " + bad + ")", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> sub.poll(1, Duration.ofMillis(-1)));
    assertEquals(List.of(1L, 2L), offsets(sub.poll(10)), "bad polls moved nothing");
    assertFalse(relay.deleteSubscription("missing", "billing"));
    assertFalse(relay.deleteSubscription("orders", "never"));
  }

  @Test
  void deletingTheTopicRemovesItsSubscriptions() {
    topic.publishAll(events("order.placed", 3));
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    sub.poll(10);
    sub.commit(3);

    assertTrue(relay.deleteTopic("orders"));

    assertThrows(UnknownTopicException.class, () -> sub.poll(10));
    assertThrows(UnknownTopicException.class, sub::committed);
    assertFalse(relay.deleteSubscription("orders", "billing"));
    relay.createTopic("orders").publish(event("again", 0));
    Subscription fresh = relay.subscribe("orders", "billing", DEFAULTS);
    assertEquals(0, fresh.committed());
    assertEquals(List.of("again"), fresh.poll(10).stream().map(Event::name).toList());
  }

  @Test
  void deletedSubscriptionFailsItsOpenConsumers() {
    topic.publishAll(events("order.placed", 3));
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    sub.poll(2);

    assertTrue(relay.deleteSubscription("orders", "billing"));

    UnknownSubscriptionException e =
        assertThrows(UnknownSubscriptionException.class, () -> sub.commit(2));
    assertEquals("billing", e.subscription());
    assertThrows(UnknownSubscriptionException.class, () -> sub.poll(1));
    assertEquals(Optional.empty(), storage.streams().find("orders", "billing"));
  }

  @Test
  void closingTheRelayClosesItsSubscriptionsAndReleasesTheirLeases() {
    topic.publishAll(events("order.placed", 2));
    Subscription sub = relay.subscribe("orders", "billing", DEFAULTS);
    sub.poll(1);
    assertEquals(Optional.of(T0.plus(Duration.ofSeconds(30))), leaseUntil());

    sub.close();
    assertEquals(Optional.empty(), leaseUntil());
    sub.close(); // idempotent
    assertThrows(RelayClosedException.class, () -> sub.poll(1));

    Subscription other = relay.subscribe("orders", "billing", DEFAULTS);
    other.poll(1);
    relay.close();
    assertThrows(RelayClosedException.class, () -> other.poll(1));
    assertThrows(RelayClosedException.class, () -> relay.subscribe("orders", "x", DEFAULTS));
  }

  private Optional<Instant> leaseUntil() {
    return Optional.ofNullable(
        storage.streams().find("orders", "billing").orElseThrow().leaseUntil());
  }

  static SubscriptionOptions options(StartPosition start) {
    return SubscriptionOptions.builder().startAt(start).build();
  }

  static SubscriptionOptions withFilter(String filter) {
    return SubscriptionOptions.builder().filter(filter).build();
  }
}
