package io.eventrelay.internal.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.BackoffPolicy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
  static final Duration SECOND = Duration.ofSeconds(1);
  static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void exponentialDoublesEachAttemptBetweenHalfAndAllOfItsStepUpToTheCap() {
    BackoffPolicy shortest = BackoffPolicy.exponential(SECOND, MINUTE, () -> 0.0);
    BackoffPolicy longest = BackoffPolicy.exponential(SECOND, MINUTE, () -> 1.0);
    BackoffPolicy middle = BackoffPolicy.exponential(SECOND, MINUTE, () -> 0.5);

    assertEquals(Duration.ofMillis(500), shortest.delay(1));
    assertEquals(SECOND, longest.delay(1));
    assertEquals(Duration.ofMillis(750), middle.delay(1));
    assertEquals(Duration.ofSeconds(4), shortest.delay(4));
    assertEquals(Duration.ofSeconds(8), longest.delay(4));
    assertEquals(Duration.ofSeconds(30), shortest.delay(7), "64 s is capped at 60 s");
    assertEquals(MINUTE, longest.delay(7));
    assertEquals(MINUTE, longest.delay(Integer.MAX_VALUE), "no overflow for huge attempts");
    assertEquals(Duration.ofSeconds(30), shortest.delay(63));
  }

  @Test
  void exponentialDrawsItsJitterFromTheGivenRandomnessOnEveryCall() {
    AtomicReference<Double> next = new AtomicReference<>(0.0);
    BackoffPolicy policy = BackoffPolicy.exponential(SECOND, MINUTE, next::get);

    Duration low = policy.delay(2);
    next.set(0.25);
    Duration higher = policy.delay(2);

    assertEquals(SECOND, low);
    assertEquals(Duration.ofMillis(1250), higher);
  }

  @Test
  void defaultExponentialStaysWithinItsBounds() {
    BackoffPolicy policy = BackoffPolicy.exponential(SECOND, MINUTE);
    for (int i = 0; i < 1000; i++) {
      Duration d = policy.delay(3);
      assertEquals(
          true,
          d.compareTo(Duration.ofSeconds(2)) >= 0 && d.compareTo(Duration.ofSeconds(4)) <= 0,
          d.toString());
    }
  }

  @Test
  void fixedGivesTheSameDelayEveryTime() {
    BackoffPolicy policy = BackoffPolicy.fixed(Duration.ofSeconds(7));

    assertEquals(Duration.ofSeconds(7), policy.delay(1));
    assertEquals(Duration.ofSeconds(7), policy.delay(100));
    assertEquals(Duration.ZERO, BackoffPolicy.fixed(Duration.ZERO).delay(1));
  }

  @Test
  void outOfRangeArgumentsAreRejectedWithTheirNameAndRange() {
    assertMessage(
        "initial must be positive (was PT0S)",
        () -> BackoffPolicy.exponential(Duration.ZERO, MINUTE));
    assertMessage(
        "max must be between initial (PT1M) and 30 days (was PT1S)",
        () -> BackoffPolicy.exponential(MINUTE, SECOND));
    assertMessage(
        "max must be between initial (PT1S) and 30 days (was PT744H)",
        () -> BackoffPolicy.exponential(SECOND, Duration.ofDays(31)));
    assertMessage(
        "delay must be between 0 and 30 days (was PT-1S)",
        () -> BackoffPolicy.fixed(Duration.ofSeconds(-1)));
    assertMessage(
        "failedAttempt must be at least 1 (was 0)", () -> BackoffPolicy.fixed(SECOND).delay(0));
    assertMessage(
        "failedAttempt must be at least 1 (was -3)",
        () -> BackoffPolicy.exponential(SECOND, MINUTE).delay(-3));
  }

  @Test
  void randomnessOutsideZeroToOneIsAnError() {
    BackoffPolicy policy = BackoffPolicy.exponential(SECOND, MINUTE, () -> 1.5);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> policy.delay(1));
    assertEquals("random must return a value from 0 to 1 (was 1.5)", e.getMessage());
  }

  static void assertMessage(String message, org.junit.jupiter.api.function.Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
