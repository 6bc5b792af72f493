package io.eventrelay.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.RelayClosedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes through the JUnit engine to check what happens around a test: closing,
 * failures, and where the relay can be injected. The classes run only from here.
 */
class EventRelayExtensionLifecycleTest {
  private static final String RUN_BY_TESTKIT = "eventrelay.test.runByTestKit";
  private static final List<EventRelay> seen = new ArrayList<>();

  @BeforeEach
  void forgetRelays() {
    seen.clear();
  }

  static boolean runByTestKit(ExtensionContext context) {
    return context.getConfigurationParameter(RUN_BY_TESTKIT).isPresent();
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(RUN_BY_TESTKIT, "true")
        .selectors(selectClass(testClass))
        .execute();
  }

  @Test
  void theRelayIsClosedAfterEachTestPassedOrFailed() {
    Events tests = run(CapturingTests.class).testEvents();

    tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    assertEquals(2, seen.size());
    for (EventRelay relay : seen) {
      RelayClosedException e = assertThrows(RelayClosedException.class, relay::topics);
      assertEquals("this EventRelay is closed", e.getMessage());
    }
  }

  @Test
  void eachTestGetsItsOwnRelay() {
    run(CapturingTests.class);

    assertEquals(2, seen.size());
    assertTrue(seen.get(0) != seen.get(1), "the two tests shared a relay");
  }

  @Test
  void extendWithInjectsTheRelayAndItsClock() {
    run(DeclarativeTests.class)
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void aBeforeAllMethodCannotReceiveARelay() {
    EngineExecutionResults results = run(BeforeAllTests.class);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    Throwable failure =
        results.containerEvents().failed().stream()
            .findFirst()
            .orElseThrow()
            .getPayload(TestExecutionResult.class)
            .orElseThrow()
            .getThrowable()
            .orElseThrow();
    assertTrue(failure instanceof ParameterResolutionException, failure.toString());
    assertTrue(
        failure
            .getMessage()
            .startsWith(
                "EventRelayExtension makes a relay for each test, so EventRelay can be injected"
                    + " into test, @BeforeEach and @AfterEach methods only (not into "),
        failure.getMessage());
  }

  @Test
  void accessorsFailWhenNoTestIsRunning() {
    EventRelayExtension relays = EventRelayExtension.inMemory();

    assertEquals(
        "relay() is only available while a test runs, from @BeforeEach to @AfterEach",
        assertThrows(IllegalStateException.class, relays::relay).getMessage());
    assertEquals(
        "clock() is only available while a test runs, from @BeforeEach to @AfterEach",
        assertThrows(IllegalStateException.class, relays::clock).getMessage());
  }

  @EnabledIf("io.eventrelay.test.EventRelayExtensionLifecycleTest#runByTestKit")
  static class CapturingTests {
    @RegisterExtension static EventRelayExtension relays = EventRelayExtension.inMemory();

    @Test
    void passes(EventRelay relay) {
      seen.add(relay);
      relay.createTopic("audit");
    }

    @Test
    void fails(EventRelay relay) {
      seen.add(relay);
      fail("on purpose");
    }
  }

  @EnabledIf("io.eventrelay.test.EventRelayExtensionLifecycleTest#runByTestKit")
  @ExtendWith(EventRelayExtension.class)
  static class DeclarativeTests {
    @Test
    void publishes(EventRelay relay, MutableClock clock) {
      Event stored =
          relay
              .createTopic("audit")
              .publish(Event.builder("ping").source("test").data("1").build());
      assertEquals(1, stored.offset());
      assertEquals(clock.instant(), stored.recordedAt());
    }
  }

  @EnabledIf("io.eventrelay.test.EventRelayExtensionLifecycleTest#runByTestKit")
  @ExtendWith(EventRelayExtension.class)
  static class BeforeAllTests {
    @BeforeAll
    static void tooEarly(EventRelay relay) {
      fail("a relay was injected into @BeforeAll");
    }

    @Test
    void neverRuns() {}
  }
}
