package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.InvalidEventException;
import io.eventrelay.RelayClosedException;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: each mistake is a specific exception naming the field (and batch index), and nothing
 * is stored. Every test starts from a topic holding one event, so "nothing stored" is {@code
 * lastOffset() == 1} and the next good publish gets offset 2.
 */
abstract class InvalidEventContract extends StorageContract {
  EventRelay relay;
  Topic topic;
  Event existing;

  @BeforeEach
  void oneEventStored() {
    relay = relay(newStorage(), MutableClock.at(T0));
    topic = relay.createTopic("strict");
    existing = topic.publish(event("existing", 0));
  }

  static Stream<Arguments> badEvents() {
    return Stream.of(
        bad("name", "is required", b -> b.name(null)),
        bad("name", "must not be blank", b -> b.name(" \t")),
        bad("source", "is required", b -> b.source(null)),
        bad("source", "must not be blank", b -> b.source("")),
        bad("data", "is required", b -> b.data((String) null)),
        bad("data", "is required", b -> b.data("null")),
        bad("data", "is not valid JSON", b -> b.data("{\"a\":")),
        bad("data", "is not valid JSON", b -> b.data("{\"a\":1} trailing")),
        bad("data", "is not valid JSON", b -> b.data("{'single': 'quotes'}")),
        bad("data", "is not valid JSON", b -> b.data("{\"dup\":1,\"dup\":2}")),
        bad("data", "must be JSON text", b -> b.data("  ")),
        bad("context", "must be a JSON object", b -> b.context("[1,2]")),
        bad("context", "must be a JSON object", b -> b.context("\"text\"")),
        bad("context", "is not valid JSON", b -> b.context("{")),
        bad("userKey", "at most 255 bytes of UTF-8 (was 256)", b -> b.userKey("k".repeat(256))),
        bad("groupKey", "at most 255 bytes of UTF-8 (was 300)", b -> b.groupKey("g".repeat(300))),
        bad("traceKey", "at most 255 bytes of UTF-8", b -> b.traceKey("t".repeat(256))),
        bad("name", "at most 255 bytes of UTF-8", b -> b.name("n".repeat(256))),
        bad("userKey", "at most 255 bytes of UTF-8 (was 256)", b -> b.userKey("é".repeat(128))),
        bad("source", "at most 255 bytes of UTF-8 (was 258)", b -> b.source("€".repeat(86))),
        bad("dataSchema", "at most 2048 bytes of UTF-8 (was 2052)", b -> b.dataSchema(emoji(513))),
        bad(
            "topicIdentifier",
            "at most 255 bytes of UTF-8 (was 256)",
            b -> b.topicIdentifier(emoji(64))),
        bad("topicIdentifier", "control character", b -> b.topicIdentifier("a\nb")),
        bad(
            "groupKey",
            "unpaired surrogate \\ud800 (at character 1): it is not Unicode text",
            b -> b.groupKey("a\ud800")),
        bad(
            "topicIdentifier",
            "unpaired surrogate \\udc00 (at character 0): it is not Unicode text",
            b -> b.topicIdentifier("\udc00")),
        bad("data", NUL + " (at character 6)", b -> b.data("{\"a\":\"\\u0000\"}")),
        bad("data", NUL + " (at character 7)", b -> b.data(Map.of("a", "x\0"))),
        bad("data", NUL + " (at character 2)", b -> b.data("{\"\\u0000\":1}")),
        bad("data", NUL + " (at character 3)", b -> b.data("\"\\\\\\u0000\"")),
        bad("context", NUL + " (at character 6)", b -> b.context("{\"a\":\"\\u0000\"}")),
        bad(
            "data",
            "unpaired surrogate \\ud800 (at character 1): it is not Unicode text",
            b -> b.data("\"\\ud800\"")),
        bad(
            "data",
            "unpaired surrogate \\ud800 (at character 1): it is not Unicode text",
            b -> b.data("\"\\ud800\\u0041\"")),
        bad(
            "data",
            "unpaired surrogate \\udc00 (at character 2): it is not Unicode text",
            b -> b.data("\"x\\udc00\"")),
        bad(
            "data",
            "unpaired surrogate \\ud800 (at character 2): it is not Unicode text",
            b -> b.data("[\"\ud800\"]")),
        bad(
            "context",
            "unpaired surrogate \\udfff (at character 6): it is not Unicode text",
            b -> b.context(JsonNodeFactory.instance.objectNode().put("k", "\udfff"))));
  }

  static final String NUL = "must not contain the NUL character \\u0000";

  /** {@code count} emoji: 4 bytes of UTF-8 and 2 Java chars each. */
  static String emoji(int count) {
    return "\ud83d\ude00".repeat(count);
  }

  static Arguments bad(String field, String problem, UnaryOperator<Event.Builder> change) {
    return Arguments.of(field, problem, change);
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("badEvents")
  void invalidEventIsRejectedNamingItsFieldAndNothingIsStored(
      String field, String problem, UnaryOperator<Event.Builder> change) {
    Event bad = change.apply(event("bad", 1).toBuilder()).build();

    InvalidEventException single =
        assertThrows(InvalidEventException.class, () -> topic.publish(bad));
    InvalidEventException live =
        assertThrows(InvalidEventException.class, () -> topic.publishLive(bad));

    assertEquals(field, single.field());
    assertEquals(-1, single.index());
    assertTrue(single.getMessage().startsWith("event." + field + " "), single.getMessage());
    assertTrue(single.getMessage().contains(problem), single.getMessage());
    assertEquals(field, live.field());
    assertNothingStored();
  }

  @Test
  void eventOverTheMaximumSizeIsRejectedAndOneUnderItIsAccepted() {
    JdbcStorage storage = newStorage();
    Topic small =
        track(EventRelay.builder().storage(storage).maxEventSize(1024), storage)
            .createTopic("small");

    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () ->
                small.publish(
                    Event.builder("big").source("s").data("\"" + "x".repeat(1100) + "\"").build()));

    assertEquals("data", e.field());
    assertTrue(e.getMessage().contains("maximum event size of 1024 bytes"), e.getMessage());
    assertEquals(0, small.lastOffset());
    Event fits = Event.builder("ok").source("s").data("\"" + "x".repeat(900) + "\"").build();
    assertEquals(1, small.publish(fits).offset());
  }

  @Test
  void keysOfExactlyTheMaximumLengthAreAccepted() {
    Event longest =
        event("long", 1).toBuilder().userKey("u".repeat(255)).referenceKey("r".repeat(255)).build();

    Event read = topic.read(topic.publish(longest).offset(), 1).get(0);

    assertEquals("u".repeat(255), read.userKey().orElseThrow());
    assertEquals("r".repeat(255), read.referenceKey().orElseThrow());
  }

  @Test
  void keysOfMultiByteCharactersUpToTheMaximumInBytesAreAccepted() {
    String name = "é".repeat(127) + "x"; // 255 bytes
    String user = "€".repeat(85); // 255 bytes
    String group = emoji(63) + "abc"; // 255 bytes
    String schema = emoji(512); // 2048 bytes
    String identifier = "ü".repeat(127) + "z"; // 255 bytes
    Event longest =
        event("long", 1).toBuilder()
            .name(name)
            .userKey(user)
            .groupKey(group)
            .dataSchema(schema)
            .topicIdentifier(identifier)
            .build();

    Event read = topic.read(topic.publish(longest).offset(), 1).get(0);

    assertEquals(name, read.name());
    assertEquals(user, read.userKey().orElseThrow());
    assertEquals(group, read.groupKey().orElseThrow());
    assertEquals(schema, read.dataSchema().orElseThrow());
    assertEquals(identifier, read.topicIdentifier().orElseThrow());
  }

  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  static Stream<Arguments> timesOutOfRange() {
    return Stream.of(
            Instant.MAX,
            Instant.MIN,
            Instant.parse("+10000-01-01T00:00:00Z"),
            LATEST.plusNanos(1000),
            EARLIEST.minusNanos(1000))
        .flatMap(t -> Stream.of(Arguments.of("occurredAt", t), Arguments.of("availableAt", t)));
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("timesOutOfRange")
  void timeOutsideYears1To9999IsRejectedNamingTheRangeAndNothingIsStored(
      String field, Instant time) {
    Event.Builder b = event("bad-time", 1).toBuilder();
    Event bad = (field.equals("occurredAt") ? b.occurredAt(time) : b.availableAt(time)).build();

    InvalidEventException e =
        assertThrows(
            InvalidEventException.class, () -> topic.publishAll(List.of(event("good", 0), bad)));
    InvalidEventException live =
        assertThrows(InvalidEventException.class, () -> topic.publishLive(bad));

    assertEquals(
        "event[1]."
            + field
            + " must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z (was "
            + time.truncatedTo(ChronoUnit.MICROS)
            + ")",
        e.getMessage());
    assertEquals(field, live.field());
    assertNothingStored();
  }

  @Test
  void timesAtTheEdgesOfTheRangeAreStoredAndReadBackExactly() {
    Event first =
        topic.publish(
            event("earliest", 1).toBuilder().occurredAt(EARLIEST).availableAt(LATEST).build());
    Event second =
        topic.publish(
            event("latest", 2).toBuilder()
                .occurredAt(LATEST.plusNanos(999))
                .availableAt(EARLIEST)
                .build());

    List<Event> read = topic.read(2, 10);

    assertEquals(List.of(first, second), read);
    assertEquals(List.of(EARLIEST, LATEST), read.stream().map(Event::occurredAt).toList());
    assertEquals(
        List.of(LATEST, EARLIEST), read.stream().map(e -> e.availableAt().orElseThrow()).toList());
  }

  /**
   * Decided: an escaped NUL (a backslash-u escape of 0000) in a JSON string is rejected on every
   * database, since PostgreSQL cannot store it; an escaped backslash followed by {@code u0000} is
   * no NUL and is stored.
   */
  @Test
  void escapedBackslashBeforeU0000IsNoNulAndIsStoredOnEveryDatabase() {
    // JSON text {"path":"C:\\u0000","k\\u0000":1}: a backslash, then "u0000"; no NUL anywhere.
    String text = "{\"path\":\"C:\\\\u0000\",\"k\\\\u0000\":1}";
    Event fromText = topic.publish(event("text", 1).toBuilder().data(text).build());
    Event fromTree =
        topic.publish(event("tree", 2).toBuilder().data(Map.of("path", "C:\\u0000")).build());
    Event withPair =
        topic.publish(
            event("pair", 3).toBuilder().data("[\"\\ud83d\\ude00\", \"\ud83d\ude00\"]").build());

    List<Event> read = topic.read(2, 10);

    assertEquals(List.of(fromText, fromTree, withPair), read);
    JsonNode data = read.get(0).data();
    assertEquals("C:\\u0000", data.get("path").asText());
    assertEquals(1, data.get("k\\u0000").asInt());
    assertEquals("C:\\u0000", read.get(1).data().get("path").asText());
    assertEquals("\ud83d\ude00", read.get(2).data().get(0).asText());
    assertEquals("\ud83d\ude00", read.get(2).data().get(1).asText());
  }

  @Test
  void batchWithOneBadEventStoresNothingAndNamesTheIndexAndField() {
    List<Event> batch = new ArrayList<>(events("good", 5));
    batch.set(3, batch.get(3).toBuilder().source(null).build());

    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> topic.publishAll(batch));

    assertEquals(3, e.index());
    assertEquals("source", e.field());
    assertTrue(e.getMessage().startsWith("event[3].source "), e.getMessage());
    assertNothingStored();
  }

  @Test
  void batchWithANullEventStoresNothing() {
    List<Event> batch = new ArrayList<>(events("good", 3));
    batch.add(1, null);

    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> topic.publishAll(batch));

    assertEquals(1, e.index());
    assertNothingStored();
  }

  @Test
  void emptyOrNullBatchIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> topic.publishAll(List.of()));
    assertThrows(IllegalArgumentException.class, () -> topic.publishAll(null));
    assertNothingStored();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void republishingAStoredEventIsRejectedButACopyIsAccepted(boolean readBack) {
    Event stored = readBack ? topic.read(1, 1).get(0) : existing;

    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> topic.publish(stored));
    InvalidEventException inBatch =
        assertThrows(
            InvalidEventException.class,
            () -> topic.publishAll(List.of(event("fresh", 1), stored)));

    assertEquals("offset", e.field());
    assertEquals(1, inBatch.index());
    assertTrue(e.getMessage().contains("already stored at offset 1"), e.getMessage());
    assertNothingStored(); // which publishes offset 2
    Event copy = topic.publish(stored.toBuilder().id(null).build());
    assertEquals(3, copy.offset());
    assertEquals(stored.dataJson(), copy.dataJson());
  }

  @Test
  void everyCallAfterCloseThrowsRelayClosedException() {
    relay.close();
    relay.close();

    List<Runnable> calls =
        List.of(
            () -> topic.publish(event("late", 1)),
            () -> topic.publishAll(events("late", 2)),
            () -> topic.publishLive(event("late", 1)),
            () -> topic.read(1, 10),
            () -> topic.stream(1, Filter.all(), 10),
            () -> topic.lastOffset(),
            () -> topic.offsetAt(Instant.EPOCH),
            () -> relay.createTopic("other"),
            () -> relay.topic("strict"),
            () -> relay.findTopic("strict"),
            () -> relay.topics(),
            () -> relay.deleteTopic("strict"));
    for (Runnable call : calls) {
      RelayClosedException e = assertThrows(RelayClosedException.class, call::run);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
  }

  /**
   * The topic still holds exactly the one event stored before the test, and the next publish gets
   * offset 2: a rejected event left no gap.
   */
  void assertNothingStored() {
    assertEquals(1, topic.lastOffset());
    assertEquals(List.of(existing.id()), topic.read(1, 100).stream().map(Event::id).toList());
    assertEquals(2, topic.publish(event("next", 2)).offset());
  }
}
