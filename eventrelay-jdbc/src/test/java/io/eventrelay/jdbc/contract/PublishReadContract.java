package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Publish and read: every field round-trips exactly, offsets, paging, streams, time lookups. */
abstract class PublishReadContract extends StorageContract {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** A record, to publish as data through Jackson. */
  record Point(int x, String label) {}

  @Test
  void everyFieldSurvivesTheRoundTripToTheMicrosecond() {
    Database db = newDatabase();
    MutableClock clock = MutableClock.at(T0.plusNanos(789));
    Topic writer = relay(db.open(), clock).createTopic("audit");
    ObjectNode data = MAPPER.createObjectNode();
    data.put("text", "hello").put("int", 42).put("long", 9007199254740993L).put("float", 1.5);
    data.put("bool", true).putNull("nothing");
    data.putArray("list").add(1).add("two").addObject().put("three", 3);
    data.putObject("nested").putObject("deeper").put("x", -0.25);
    ObjectNode context = MAPPER.createObjectNode().put("ip", "10.0.0.1");
    context.putObject("agent").put("name", "curl");
    UUID id = UUID.fromString("0190f0e5-7b1c-7cc3-9a41-6f2d1e8b3c55");
    UUID prevId = UUID.fromString("0190f0e5-0000-7000-8000-000000000001");
    Event draft =
        Event.builder("user.created")
            .id(id)
            .source("web")
            .topicIdentifier("u-1")
            .data(data)
            .context(context)
            .occurredAt(Instant.parse("2024-02-29T23:59:59.123456789Z"))
            .availableAt(Instant.parse("2038-01-19T03:14:08.000001Z"))
            .userKey("user-42")
            .anonymousKey("anon-7")
            .groupKey("group-1")
            .referenceKey("ref-9")
            .traceKey("trace-abc")
            .dataSchema("https://schemas.example.com/user/v1.json")
            .prevId(prevId)
            .build();

    Event published = writer.publish(draft);
    // Read through a second storage, so nothing can come from the writer's memory.
    Event read = relay(db.open()).topic("audit").read(1, 10).get(0);

    assertAll(
        () -> assertEquals(id, read.id()),
        () -> assertEquals("audit", read.topic()),
        () -> assertEquals(Optional.of("u-1"), read.topicIdentifier()),
        () -> assertEquals(1, read.offset()),
        () -> assertEquals("user.created", read.name()),
        () -> assertEquals("web", read.source()),
        () -> assertEquals(data, read.data()),
        () -> assertEquals(Optional.of(context), read.context()),
        () -> assertEquals(Instant.parse("2024-02-29T23:59:59.123456Z"), read.occurredAt()),
        () ->
            assertEquals(
                Optional.of(Instant.parse("2038-01-19T03:14:08.000001Z")), read.availableAt()),
        () -> assertEquals(T0, read.recordedAt()),
        () -> assertEquals(Optional.of("user-42"), read.userKey()),
        () -> assertEquals(Optional.of("anon-7"), read.anonymousKey()),
        () -> assertEquals(Optional.of("group-1"), read.groupKey()),
        () -> assertEquals(Optional.of("ref-9"), read.referenceKey()),
        () -> assertEquals(Optional.of("trace-abc"), read.traceKey()),
        () ->
            assertEquals(
                Optional.of("https://schemas.example.com/user/v1.json"), read.dataSchema()),
        () -> assertEquals(Optional.of(prevId), read.prevId()),
        () -> assertEquals(published, read));
  }

  @Test
  void absentOptionalFieldsReadBackAbsent() {
    MutableClock clock = MutableClock.at(T0);
    Topic topic = relay(newStorage(), clock).createTopic("bare");

    Event published = topic.publish(Event.builder("ping").source("cron").data("1").build());
    Event read = topic.read(1, 1).get(0);

    assertAll(
        () -> assertEquals(published.id(), read.id()),
        () -> assertEquals(7, read.id().version(), "a time-ordered UUID v7 is assigned"),
        () -> assertEquals(T0, read.occurredAt(), "occurredAt defaults to the relay clock"),
        () -> assertEquals(Optional.empty(), read.topicIdentifier()),
        () -> assertEquals(Optional.empty(), read.context()),
        () -> assertEquals(null, read.contextJson()),
        () -> assertEquals(Optional.empty(), read.availableAt()),
        () -> assertEquals(Optional.empty(), read.userKey()),
        () -> assertEquals(Optional.empty(), read.anonymousKey()),
        () -> assertEquals(Optional.empty(), read.groupKey()),
        () -> assertEquals(Optional.empty(), read.referenceKey()),
        () -> assertEquals(Optional.empty(), read.traceKey()),
        () -> assertEquals(Optional.empty(), read.dataSchema()),
        () -> assertEquals(Optional.empty(), read.prevId()),
        () -> assertEquals(published, read));
  }

  @Test
  void dataGivenAsTextTreeMapOrRecordIsStoredAsTheSameJson() throws Exception {
    Topic topic = relay().createTopic("forms");
    JsonNode tree = MAPPER.readTree("{\"z\":[true,false],\"a\":{\"b\":-1e-3}}");
    List<Event> drafts =
        List.of(
            Event.builder("text")
                .source("s")
                .data("{\"b\": [1, 2.5, {\"c\": null}], \"a\": \"x\"}")
                .build(),
            Event.builder("tree").source("s").data(tree).build(),
            Event.builder("map").source("s").data(Map.of("k", "v", "n", 3)).build(),
            Event.builder("record").source("s").data(new Point(7, "seven")).build(),
            Event.builder("number").source("s").data("42").build(),
            Event.builder("string").source("s").data("\"just text\"").build(),
            Event.builder("array").source("s").data("[1,\"a\",true,[]]").build(),
            Event.builder("false").source("s").data("false").build());
    List<String> expected =
        List.of(
            "{\"a\":\"x\",\"b\":[1,2.5,{\"c\":null}]}",
            tree.toString(),
            "{\"n\":3,\"k\":\"v\"}",
            "{\"x\":7,\"label\":\"seven\"}",
            "42",
            "\"just text\"",
            "[1,\"a\",true,[]]",
            "false");

    topic.publishAll(drafts);
    List<Event> read = topic.read(1, 100);

    assertEquals(drafts.size(), read.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(MAPPER.readTree(expected.get(i)), read.get(i).data(), read.get(i).name());
      assertEquals(MAPPER.readTree(expected.get(i)), MAPPER.readTree(read.get(i).dataJson()));
    }
  }

  @Test
  void explicitTimesFarFromTodayRoundTripExactly() {
    Topic topic = relay().createTopic("times");
    List<Instant> times =
        List.of(
            Instant.EPOCH,
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("1900-01-01T00:00:00.000001Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z"),
            // Around the end of daylight saving time in Pacific/Chatham, the tests' JVM zone.
            Instant.parse("2024-04-06T13:59:59.999999Z"),
            Instant.parse("2024-04-06T14:00:00.000001Z"));
    List<Event> drafts = new ArrayList<>();
    for (Instant t : times) {
      drafts.add(event("t", 0).toBuilder().occurredAt(t).availableAt(t).build());
    }

    topic.publishAll(drafts);
    List<Event> read = topic.read(1, 100);

    assertEquals(times, read.stream().map(Event::occurredAt).toList());
    assertEquals(times, read.stream().map(e -> e.availableAt().orElseThrow()).toList());
  }

  @Test
  void offsetsRunFromOneInPublishOrderAndRecordingTimeIsTheClocks() {
    MutableClock clock = MutableClock.at(T0);
    Topic topic = relay(newStorage(), clock).createTopic("seq");
    assertEquals(0, topic.lastOffset());

    List<Event> published = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      published.add(topic.publish(event("single", i)));
    }
    clock.advance(Duration.ofSeconds(1));
    published.addAll(topic.publishAll(events("batch", 3)));

    assertEquals(range(1, 8), offsets(published));
    List<Event> read = topic.read(1, 100);
    assertEquals(published, read);
    assertEquals(8, topic.lastOffset());
    assertEquals(
        List.of(T0, T0, T0, T0, T0, T0.plusSeconds(1), T0.plusSeconds(1), T0.plusSeconds(1)),
        read.stream().map(Event::recordedAt).toList());
  }

  @Test
  void readPagesByFromOffsetAndLimit() {
    Topic topic = relay().createTopic("pages");
    topic.publishAll(events("e", 25));

    assertEquals(range(1, 10), offsets(topic.read(1, 10)));
    assertEquals(range(11, 20), offsets(topic.read(11, 10)));
    assertEquals(range(21, 25), offsets(topic.read(21, 10)));
    assertEquals(List.of(24L), offsets(topic.read(24, 1)));
    assertEquals(List.of(), topic.read(26, 10));
    assertEquals(List.of(), topic.read(Long.MAX_VALUE, 10));
    assertEquals(range(1, 25), offsets(topic.read(1, 10_000)));
    assertThrows(IllegalArgumentException.class, () -> topic.read(0, 10));
    assertThrows(IllegalArgumentException.class, () -> topic.read(1, 0));
  }

  @Test
  void streamPagesLazilyAndSeesEventsCommittedWhileItIsConsumed() {
    Topic topic = relay().createTopic("stream");
    for (int i = 0; i < 11; i++) {
      topic.publishAll(events("e", 100));
    }

    assertEquals(range(1, 1100), offsets(topic.stream(1, Filter.all(), 37).toList()));
    assertEquals(range(1051, 1100), offsets(topic.stream(1051, Filter.all(), 7).toList()));
    assertEquals(List.of(), topic.stream(1101, Filter.all(), 10).toList());

    try (Stream<Event> stream = topic.stream(1001, Filter.all(), 10)) {
      Iterator<Event> it = stream.iterator();
      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < 95; i++) {
        seen.add(it.next().offset());
      }
      // Published after the stream started: a lazy stream reaches them, a snapshot would not.
      topic.publishAll(events("late", 20));
      it.forEachRemaining(e -> seen.add(e.offset()));
      assertEquals(range(1001, 1120), seen);
    }
  }

  @Test
  void offsetAtFindsTheFirstEventRecordedAtOrAfterATime() {
    MutableClock clock = MutableClock.at(T0);
    Topic topic = relay(newStorage(), clock).createTopic("timeline");
    assertEquals(1, topic.offsetAt(T0), "an empty topic answers its next offset");
    topic.publishAll(events("a", 2)); // 1-2 at T0
    clock.set(T0.plusSeconds(1));
    topic.publish(event("b", 0)); // 3 at T0+1s
    topic.publishAll(events("b", 2)); // 4-5 at T0+1s
    clock.set(T0.plusSeconds(2));
    topic.publish(event("c", 0)); // 6 at T0+2s

    assertEquals(1, topic.offsetAt(Instant.EPOCH));
    assertEquals(1, topic.offsetAt(T0.minusNanos(1000)));
    assertEquals(1, topic.offsetAt(T0));
    assertEquals(3, topic.offsetAt(T0.plusNanos(1)), "an event at T0 is before T0 + 1 ns");
    assertEquals(3, topic.offsetAt(T0.plusNanos(1000)));
    assertEquals(3, topic.offsetAt(T0.plusSeconds(1)));
    assertEquals(6, topic.offsetAt(T0.plusSeconds(1).plusNanos(1000)));
    assertEquals(6, topic.offsetAt(T0.plusSeconds(2)));
    assertEquals(7, topic.offsetAt(T0.plusSeconds(2).plusNanos(1000)));
    assertEquals(7, topic.offsetAt(Instant.parse("9999-01-01T00:00:00Z")));
  }

  @Test
  void unicodeAndSqlLookingTextIsStoredLiterally() {
    EventRelay relay = relay();
    Topic topic = relay.createTopic("literal");
    String injection = "'); DROP TABLE eventrelay_events; --";
    Map<String, Object> data =
        Map.of(
            "emoji", "😀 ünïcödé 日本語 עברית",
            "sql", injection,
            "quotes", "O'Brien said \"hi\" \\ back\\slash $1 ? :name",
            "newline", "line1\nline2\ttab",
            "😀 key", "value");
    Event draft =
        Event.builder("robert'); drop table eventrelay_topics;--")
            .source("Zürich \"source\" ?")
            .data(data)
            .context("{\"note\": \"'; delete from eventrelay_events; --\"}")
            .userKey("' OR '1'='1")
            .topicIdentifier("id'; --")
            .build();

    Event published = topic.publish(draft);
    Event read = relay.topic("literal:id'; --").read(1, 10).get(0);

    assertEquals(published, read);
    assertEquals(MAPPER.valueToTree(data), read.data());
    assertEquals("robert'); drop table eventrelay_topics;--", read.name());
    assertEquals("Zürich \"source\" ?", read.source());
    assertEquals(Optional.of("' OR '1'='1"), read.userKey());
    assertEquals(
        "'; delete from eventrelay_events; --", read.context().orElseThrow().get("note").asText());
    assertEquals(List.of("literal"), relay.topics().stream().map(Topic::name).toList());
    assertEquals(2, topic.publish(event("after", 1)).offset());
  }
}
