package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.Topic;
import io.eventrelay.UnknownTopicException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Topics: creating, finding, listing, deleting, addressing {@code name:identifier}, naming. */
abstract class TopicContract extends StorageContract {

  @Test
  void createTopicIsIdempotentAndKeepsTheExistingEvents() {
    EventRelay relay = relay();
    Topic first = relay.createTopic("orders");
    first.publish(event("order.placed", 1));

    Topic again = relay.createTopic("orders");

    assertEquals("orders", again.name());
    assertNull(again.identifier());
    assertEquals(1, again.lastOffset());
    assertEquals(List.of("orders"), names(relay.topics()));
  }

  @Test
  void findTopicIsEmptyForAnUnknownNameAndPresentOnceCreated() {
    EventRelay relay = relay();
    assertEquals(Optional.empty(), relay.findTopic("orders"));

    relay.createTopic("orders");

    assertEquals("orders", relay.findTopic("orders").orElseThrow().name());
    assertEquals("orders", relay.topic("orders").name());
  }

  @Test
  void topicsAreListedOrderedByName() {
    EventRelay relay = relay();
    assertEquals(List.of(), relay.topics());
    for (String name : List.of("zeta", "alpha", "m_1", "beta2", "alpha_b", "b")) {
      relay.createTopic(name);
    }

    assertEquals(List.of("alpha", "alpha_b", "b", "beta2", "m_1", "zeta"), names(relay.topics()));
  }

  @Test
  void unknownTopicIsReportedWithItsName() {
    EventRelay relay = relay();

    UnknownTopicException plain =
        assertThrows(UnknownTopicException.class, () -> relay.topic("missing"));
    UnknownTopicException addressed =
        assertThrows(UnknownTopicException.class, () -> relay.topic("missing:42"));

    assertEquals("missing", plain.topic());
    assertEquals("missing", addressed.topic());
    assertTrue(plain.getMessage().contains("'missing'"), plain.getMessage());
    assertFalse(relay.deleteTopic("missing"));
  }

  @Test
  void deleteTopicDropsItsEventsAndItsHandlesThenThrowUnknownTopic() {
    EventRelay relay = relay();
    Topic doomed = relay.createTopic("doomed");
    Topic kept = relay.createTopic("kept");
    doomed.publishAll(events("e", 3));
    kept.publishAll(events("e", 2));

    assertTrue(relay.deleteTopic("doomed"));
    assertFalse(relay.deleteTopic("doomed"));

    assertEquals(Optional.empty(), relay.findTopic("doomed"));
    assertEquals(List.of("kept"), names(relay.topics()));
    assertThrows(UnknownTopicException.class, () -> doomed.publish(event("e", 9)));
    assertThrows(UnknownTopicException.class, () -> doomed.publishAll(events("e", 2)));
    assertThrows(UnknownTopicException.class, () -> doomed.read(1, 10));
    assertThrows(UnknownTopicException.class, () -> doomed.lastOffset());
    assertThrows(UnknownTopicException.class, () -> doomed.offsetAt(Instant.EPOCH));
    assertThrows(UnknownTopicException.class, () -> doomed.stream(1, Filter.all(), 10).count());
    assertEquals(List.of(1L, 2L), offsets(kept.read(1, 10)));
  }

  @Test
  void recreatedTopicStartsEmptyAtOffsetOne() {
    EventRelay relay = relay();
    relay.createTopic("cycle").publishAll(events("old", 5));
    relay.deleteTopic("cycle");

    Topic reborn = relay.createTopic("cycle");

    assertEquals(0, reborn.lastOffset());
    assertEquals(List.of(), reborn.read(1, 10));
    Event first = reborn.publish(event("new", 0));
    assertEquals(1, first.offset());
    assertEquals(List.of("new"), reborn.read(1, 10).stream().map(Event::name).toList());
  }

  @Test
  void addressedHandleStampsItsIdentifierAndReadsOnlyThatIdentifiersEvents() {
    EventRelay relay = relay();
    relay.createTopic("users");
    Topic user123 = relay.topic("users:123");
    Topic user456 = relay.topic("users:456");
    Topic all = relay.topic("users");

    Event a = user123.publish(event("user.created", 1));
    Event b = user456.publish(event("user.created", 2));
    Event c = all.publish(event("user.renamed", 3));
    Event d = user123.publish(event("user.renamed", 4));
    Event own = all.publish(event("user.deleted", 5).toBuilder().topicIdentifier("789").build());

    assertEquals("users", user123.name());
    assertEquals("123", user123.identifier());
    assertEquals(Optional.of("123"), a.topicIdentifier());
    assertEquals(Optional.empty(), c.topicIdentifier());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(List.of(a, b, c, d, own)));
    assertEquals(List.of(a.id(), d.id()), ids(readAll(user123)));
    assertEquals(List.of(1L, 4L), offsets(user123.read(1, 10)));
    assertEquals(List.of(4L), offsets(user123.read(2, 10)));
    assertEquals(List.of(b.id()), ids(readAll(user456)));
    assertEquals(List.of(own.id()), ids(readAll(relay.topic("users:789"))));
    assertEquals(List.of(a.id(), d.id()), ids(user123.stream(1, Filter.all(), 1).toList()));
    List<Event> everything = readAll(all);
    assertEquals(List.of(a.id(), b.id(), c.id(), d.id(), own.id()), ids(everything));
    assertEquals(
        List.of(Optional.of("123"), Optional.of("456"), Optional.empty(), Optional.of("123")),
        everything.subList(0, 4).stream().map(Event::topicIdentifier).toList());
  }

  static Stream<Arguments> invalidNames() {
    return Stream.of(
        Arguments.of("", "must not be empty"),
        Arguments.of("a".repeat(51), "at most 50 characters (was 51)"),
        Arguments.of("Orders", "illegal character at index 0"),
        Arguments.of("orDers", "illegal character at index 2"),
        Arguments.of("1orders", "illegal character at index 0"),
        Arguments.of("_orders", "illegal character at index 0"),
        Arguments.of("a-b", "illegal character at index 1"),
        Arguments.of("a b", "illegal character at index 1"),
        Arguments.of("x'; drop table eventrelay_topics; --", "illegal character at index 1"));
  }

  @ParameterizedTest
  @MethodSource("invalidNames")
  void invalidTopicNameIsRejectedWithTheRuleItBreaks(String name, String problem) {
    EventRelay relay = relay();

    for (Runnable call :
        List.<Runnable>of(
            () -> relay.createTopic(name),
            () -> relay.topic(name),
            () -> relay.findTopic(name),
            () -> relay.deleteTopic(name))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
      assertTrue(e.getMessage().contains(problem), e.getMessage());
      assertTrue(
          e.getMessage().contains("[a-z]")
              || e.getMessage().contains("a lower-case letter first")
              || e.getMessage().contains("50 characters"),
          "the message should state the rule: " + e.getMessage());
    }
    assertEquals(List.of(), relay.topics());
    relay.createTopic("still_works").publish(event("e", 1));
    assertEquals(List.of("still_works"), names(relay.topics()));
  }

  @Test
  void longestAllowedNameIsAccepted() {
    EventRelay relay = relay();
    String name = "a" + "b1_".repeat(16) + "z";

    assertEquals(50, name.length());
    assertEquals(1, relay.createTopic(name).publish(event("e", 1)).offset());
    assertEquals(List.of(name), names(relay.topics()));
  }

  static List<String> names(List<Topic> topics) {
    return topics.stream().map(Topic::name).toList();
  }

  static List<UUID> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }
}
