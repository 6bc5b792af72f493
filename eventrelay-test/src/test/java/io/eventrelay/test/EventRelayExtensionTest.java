package io.eventrelay.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventRelayExtensionTest {
  @RegisterExtension static EventRelayExtension relays = EventRelayExtension.inMemory();

  static Event login(String user) {
    return Event.builder("user.login")
        .source("test")
        .userKey(user)
        .data("{\"ip\":\"10.0.0.1\"}")
        .build();
  }

  @Test
  void eachTestGetsAnEmptyRelay() {
    assertEquals(List.of(), relays.relay().topics());

    Event stored = relays.relay().createTopic("audit").publish(login("alice"));

    assertEquals(1, stored.offset());
  }

  @Test
  void eachTestGetsAnEmptyRelayAgain() {
    assertEquals(List.of(), relays.relay().topics());

    Event stored = relays.relay().createTopic("audit").publish(login("bob"));

    assertEquals(1, stored.offset());
  }

  @Test
  void relayAndClockAreInjectedAsParameters(EventRelay relay, MutableClock clock) {
    assertSame(relays.relay(), relay);
    assertSame(relays.clock(), clock);
    assertSame(clock, relay.clock());
  }

  @Test
  void eachTestsClockStartsAtTheDefaultInstant(MutableClock clock) {
    assertEquals(MutableClock.DEFAULT_START, clock.instant());

    clock.advance(Duration.ofDays(400));
  }

  @Test
  void eachTestsClockStartsAtTheDefaultInstantAgain(MutableClock clock) {
    assertEquals(MutableClock.DEFAULT_START, clock.instant());

    clock.advance(Duration.ofDays(400));
  }

  @Test
  void eventsWithoutOccurrenceTimeOccurAtTheClocksTime(EventRelay relay, MutableClock clock) {
    clock.set(Instant.parse("2024-03-10T08:30:00.123456Z"));

    Event stored = relay.createTopic("audit").publish(login("alice"));

    assertEquals(Instant.parse("2024-03-10T08:30:00.123456Z"), stored.occurredAt());
    assertEquals(stored.occurredAt(), relay.topic("audit").read(1, 1).get(0).occurredAt());
  }

  @Test
  void advancingTheClockMovesTheRecordingTime(EventRelay relay, MutableClock clock) {
    Topic audit = relay.createTopic("audit");

    Event first = audit.publish(login("alice"));
    Instant later = clock.advance(Duration.ofMinutes(5));
    Event second = audit.publish(login("bob"));

    assertEquals(MutableClock.DEFAULT_START, first.recordedAt());
    assertEquals(later, second.recordedAt());
    List<Event> read = audit.read(1, 10);
    assertEquals(
        List.of(first.recordedAt(), later),
        List.of(read.get(0).recordedAt(), read.get(1).recordedAt()));
    assertEquals(2, audit.offsetAt(later));
    assertEquals(3, audit.offsetAt(clock.advance(Duration.ofMinutes(1))));
  }

  /** Nested classes share the outer extension; the relay reaches their lifecycle methods. */
  @Nested
  class WithLifecycleMethods {
    private Topic audit;

    @BeforeEach
    void createTopic(EventRelay relay) {
      audit = relay.createTopic("audit");
      audit.publish(login("alice"));
    }

    @Test
    void beforeEachMethodsReceiveTheTestsRelay(EventRelay relay) {
      assertEquals(1, relay.topic("audit").lastOffset());
      assertEquals(2, audit.publish(login("bob")).offset());
    }

    @Test
    void eachNestedTestStartsFreshToo() {
      assertEquals(1, audit.lastOffset());
    }

    @AfterEach
    void afterEachMethodsRunWhileTheRelayIsOpen(EventRelay relay) {
      assertTrue(relay.topic("audit").lastOffset() >= 1);
    }
  }
}
