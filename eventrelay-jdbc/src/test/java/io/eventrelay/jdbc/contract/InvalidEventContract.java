package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.InvalidEventException;
import io.eventrelay.RelayClosedException;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        bad("userKey", "at most 255 characters (was 256)", b -> b.userKey("k".repeat(256))),
        bad("groupKey", "at most 255 characters (was 300)", b -> b.groupKey("g".repeat(300))),
        bad("traceKey", "at most 255 characters", b -> b.traceKey("t".repeat(256))),
        bad("name", "at most 255 characters", b -> b.name("n".repeat(256))),
        bad("topicIdentifier", "control character", b -> b.topicIdentifier("a\nb")));
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
