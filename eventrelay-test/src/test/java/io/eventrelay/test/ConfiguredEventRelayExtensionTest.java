package io.eventrelay.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.InvalidEventException;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfiguredEventRelayExtensionTest {
  private static final Instant START = Instant.parse("2031-02-03T04:05:06Z");

  @RegisterExtension
  static EventRelayExtension relays =
      EventRelayExtension.inMemory()
          .configure(builder -> builder.maxEventSize(2048))
          // The extension's own clock wins over a customizer's.
          .configure(builder -> builder.clock(Clock.systemUTC()))
          .startingAt(START);

  @Test
  void customizersApplyToEachTestsRelay(EventRelay relay) {
    String big = "\"" + "x".repeat(3000) + "\"";
    Event tooBig = Event.builder("blob").source("test").data(big).build();

    assertThrows(InvalidEventException.class, () -> relay.createTopic("blobs").publish(tooBig));
    assertEquals(0, relay.topic("blobs").lastOffset());
  }

  @Test
  void theClockStartsWhereConfiguredAndCannotBeReplaced(EventRelay relay, MutableClock clock) {
    assertSame(clock, relay.clock());
    assertEquals(START, clock.instant());
  }

  @Test
  void configureAndStartingAtReturnNewExtensions() {
    EventRelayExtension base = EventRelayExtension.inMemory();

    assertNotSame(base, base.configure(builder -> {}));
    assertNotSame(base, base.startingAt(START));
  }
}
