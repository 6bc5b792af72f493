package io.eventrelay.internal.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The subscription name rule and the handler's retry backoff. */
class StreamRulesTest {

  @Test
  void subscriptionNamesFollowTheTopicNameRule() {
    for (String ok : new String[] {"a", "billing", "b_2", "z".repeat(50)}) {
      assertEquals(ok, StreamSubscription.checkName(ok));
    }
    for (String bad : new String[] {"", "B", "2b", "_b", "a-b", "a b", "z".repeat(51)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> StreamSubscription.checkName(bad));
      assertEquals(
          "subscription name must be a lower-case letter, then a-z, 0-9 and _, 1 to 50 characters"
              + " (was '"
              + bad
              + "')",
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> StreamSubscription.checkName(null));
  }

  @Test
  void backoffDoublesFromTheInitialDelayUpToTheMaximum() {
    Duration initial = Duration.ofMillis(100);
    Duration max = Duration.ofSeconds(1);

    assertEquals(Duration.ofMillis(100), HandlerLoop.backoff(initial, max, 1));
    assertEquals(Duration.ofMillis(200), HandlerLoop.backoff(initial, max, 2));
    assertEquals(Duration.ofMillis(800), HandlerLoop.backoff(initial, max, 4));
    assertEquals(max, HandlerLoop.backoff(initial, max, 5));
    assertEquals(max, HandlerLoop.backoff(initial, max, Integer.MAX_VALUE));
    assertEquals(
        Duration.ofHours(1), HandlerLoop.backoff(Duration.ofHours(1), Duration.ofHours(1), 40));
  }
}
