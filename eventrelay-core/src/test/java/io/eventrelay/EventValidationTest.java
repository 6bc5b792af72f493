package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventValidationTest {
  private static final Instant NOW = Instant.parse("2024-03-01T12:00:00.123456789Z");
  private final EventRelay relay =
      EventRelay.builder()
          .storage(new MemoryStorage())
          .clock(Clock.fixed(NOW, ZoneOffset.UTC))
          .maxEventSize(2048)
          .build();
  private final Topic topic = relay.createTopic("t");

  @AfterEach
  void close() {
    relay.close();
  }

  private static Event.Builder valid() {
    return Event.builder("user.created").source("test").data("{\"a\":1}");
  }

  private InvalidEventException rejected(Event event) {
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> topic.publish(event));
    assertEquals(0, topic.lastOffset(), "nothing may be stored");
    return e;
  }

  @Test
  void fillsInIdTimeAndTopicAndTruncatesTimesToMicroseconds() {
    Event stored = topic.publish(valid().build());
    assertEquals(7, stored.id().version());
    assertEquals(Instant.parse("2024-03-01T12:00:00.123456Z"), stored.occurredAt());
    assertEquals("t", stored.topic());
    assertEquals(1, stored.offset());
  }

  @Test
  void keepsTheIdAndTimeTheApplicationGave() {
    UUID id = UUID.randomUUID();
    Instant at = Instant.parse("2020-01-01T00:00:00Z");
    Event stored = topic.publish(valid().id(id).occurredAt(at).build());
    assertEquals(id, stored.id());
    assertEquals(at, stored.occurredAt());
  }

  @Test
  void acceptsDataAsTreeJsonTextOrObject() {
    Event tree = topic.publish(valid().data(JsonNodeFactory.instance.numberNode(3)).build());
    Event text = topic.publish(valid().data("[1, 2]").build());
    Event object = topic.publish(valid().data(Map.of("k", "v")).build());
    assertEquals("3", tree.dataJson());
    assertEquals(2, text.data().size());
    assertEquals("v", object.data().get("k").asText());
  }

  @Test
  void rejectsMissingNameSourceAndData() {
    assertEquals("name", rejected(valid().name(null).build()).field());
    assertEquals("source", rejected(valid().source(null).build()).field());
    assertEquals("data", rejected(valid().data((String) null).build()).field());
    assertEquals("event.name must not be blank", rejected(valid().name("  ").build()).getMessage());
  }

  @Test
  void rejectsMalformedJsonSayingWhere() {
    InvalidEventException e = rejected(valid().data("{\"a\": }").build());
    assertEquals("data", e.field());
    assertEquals(-1, e.index());
    assertEquals(true, e.getMessage().startsWith("event.data is not valid JSON: "), e.getMessage());
  }

  @Test
  void rejectsATreeThatJacksonCannotWrite() {
    InvalidEventException e =
        rejected(valid().data(JsonNodeFactory.instance.pojoNode(new Object())).build());
    assertEquals("data", e.field());
    assertEquals(
        true,
        e.getMessage().startsWith("event.data could not be serialized to JSON by Jackson: "),
        e.getMessage());
  }

  @Test
  void rejectsTrailingGarbageAfterTheJsonValue() {
    InvalidEventException e = rejected(valid().data("{} {}").build());
    assertEquals(
        "event.data is not valid JSON: unexpected START_OBJECT after the value at character 3",
        e.getMessage());
  }

  @Test
  void rejectsJsonNullDataAndNonObjectContext() {
    assertEquals(
        "event.data is required (was JSON null)",
        rejected(valid().data("null").build()).getMessage());
    assertEquals(
        "event.context must be a JSON object (was START_ARRAY)",
        rejected(valid().context("[1]").build()).getMessage());
  }

  @Test
  void rejectsEventsOverTheSizeLimitNamingTheLimit() {
    InvalidEventException e = rejected(valid().data("\"" + "x".repeat(2100) + "\"").build());
    assertEquals(
        "event.data makes the event 2118 bytes, over the maximum event size of 2048 bytes"
            + " (EventRelay.Builder.maxEventSize)",
        e.getMessage());
  }

  @Test
  void rejectsKeysOverTheirLengthLimitInBytesOfUtf8() {
    InvalidEventException e = rejected(valid().userKey("u".repeat(256)).build());
    assertEquals("event.userKey must be at most 255 bytes of UTF-8 (was 256)", e.getMessage());
    InvalidEventException multiByte = rejected(valid().userKey("ü".repeat(150)).build());
    assertEquals(
        "event.userKey must be at most 255 bytes of UTF-8 (was 300)", multiByte.getMessage());
    assertEquals(
        "ü".repeat(127),
        topic.publish(valid().userKey("ü".repeat(127)).build()).userKey().orElseThrow());
  }

  @Test
  void countsMultiByteKeysInBytesTowardsTheEventSize() {
    // name 12 + source 4 + userKey 255 (85 characters) + data 1,778 = 2,049 bytes
    Event event = valid().userKey("€".repeat(85)).data("\"" + "x".repeat(1776) + "\"").build();
    InvalidEventException e = rejected(event);
    assertEquals(
        "event.data makes the event 2049 bytes, over the maximum event size of 2048 bytes"
            + " (EventRelay.Builder.maxEventSize)",
        e.getMessage());
  }

  @Test
  void rejectsTimesOutsideYears1To9999() {
    InvalidEventException e =
        rejected(valid().occurredAt(Instant.parse("+10000-01-01T00:00:00Z")).build());
    assertEquals(
        "event.occurredAt must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z"
            + " (was +10000-01-01T00:00:00Z)",
        e.getMessage());
    assertEquals("availableAt", rejected(valid().availableAt(Instant.MIN).build()).field());
  }

  @Test
  void rejectsAnEscapedNulButNotABackslashBeforeU0000() {
    InvalidEventException e = rejected(valid().data("[\"\\u0000\"]").build());
    assertEquals(
        "event.data must not contain the NUL character \\u0000 (at character 2): PostgreSQL"
            + " cannot store it in JSON, so no database accepts it",
        e.getMessage());
    Event stored = topic.publish(valid().data("[\"\\\\u0000\"]").build());
    assertEquals("\\u0000", stored.data().get(0).asText());
  }

  @Test
  void batchWithOneBadEventStoresNothingAndNamesItsIndex() {
    List<Event> batch = List.of(valid().build(), valid().build(), valid().source("").build());
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> topic.publishAll(batch));
    assertEquals(2, e.index());
    assertEquals("event[2].source must not be blank", e.getMessage());
    assertEquals(0, topic.lastOffset());
  }

  @Test
  void rejectsAnEmptyBatch() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> topic.publishAll(List.of()));
    assertEquals("events must not be empty", e.getMessage());
  }

  @Test
  void refusesToRepublishAStoredEvent() {
    Event stored = topic.publish(valid().build());
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> topic.publish(stored));
    assertEquals("offset", e.field());
    assertEquals(1, topic.lastOffset());
  }

  @Test
  void liveEventsAreValidatedButNotStored() {
    Event live = topic.publishLive(valid().build());
    assertEquals(0, live.offset());
    assertEquals("t", live.topic());
    assertEquals(0, topic.lastOffset());
    assertThrows(
        InvalidEventException.class, () -> topic.publishLive(valid().source(null).build()));
  }

  @Test
  void useAfterCloseThrowsIllegalState() {
    relay.close();
    RelayClosedException e =
        assertThrows(RelayClosedException.class, () -> topic.publish(valid().build()));
    assertEquals("this EventRelay is closed", e.getMessage());
    assertThrows(RelayClosedException.class, () -> relay.createTopic("x"));
  }

  @Test
  void builderRejectsOutOfRangeSettingsNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventRelay.builder().maxEventSize(10));
    assertEquals("maxEventSize must be between 1024 and 67108864 bytes (was 10)", e.getMessage());
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> EventRelay.builder().build());
    assertEquals("storage is required: call storage(...) before build()", missing.getMessage());
  }

  @Test
  void addressBindsTheIdentifierToPublishedEvents() {
    Event e = relay.topic("t:42").publish(valid().build());
    assertEquals("42", e.topicIdentifier().orElseThrow());
    assertThrows(UnknownTopicException.class, () -> relay.topic("nope:1"));
  }
}
