package io.eventrelay;

import io.eventrelay.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a failed job waits before its next attempt. The default, {@link #exponential(Duration,
 * Duration)}, doubles the delay after each failure, up to a maximum, with jitter so that jobs that
 * failed together do not all retry at the same instant.
 *
 * <p>Implementations must be thread-safe; the ones made here are.
 */
@FunctionalInterface
public interface BackoffPolicy {

  /** The longest delay a policy made here accepts: 30 days. */
  Duration MAX_DELAY = Duration.ofDays(30);

  /**
   * The delay before the attempt after {@code failedAttempt}.
   *
   * @param failedAttempt the attempt that failed: 1 for the first
   * @return zero or more
   */
  Duration delay(int failedAttempt);

  /**
   * Exponential backoff with "equal jitter": after attempt n the delay is d/2 plus a random part of
   * d/2, where d = min(max, initial × 2<sup>n−1</sup>). So the first retry waits between initial/2
   * and initial, and no retry waits longer than max.
   *
   * @param initial the base delay, positive
   * @param max the cap, at least {@code initial} and at most 30 days
   * @throws IllegalArgumentException if a duration is out of range
   */
  static BackoffPolicy exponential(Duration initial, Duration max) {
    return exponential(initial, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * {@link #exponential(Duration, Duration)} with the jitter drawn from {@code random}, which must
   * return values from 0 to 1 (for tests: {@code () -> 0.0} gives the shortest delays, {@code () ->
   * 1.0} the longest). {@code random} is called from worker threads concurrently.
   */
  static BackoffPolicy exponential(Duration initial, Duration max, DoubleSupplier random) {
    Objects.requireNonNull(random, "random");
    if (Objects.requireNonNull(initial, "initial").isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial must be positive (was " + initial + ")");
    }
    Checks.between(
        "max",
        Objects.requireNonNull(max, "max"),
        initial,
        MAX_DELAY,
        "initial (" + initial + ") and 30 days");
    long initialNanos = initial.toNanos();
    long maxNanos = max.toNanos();
    return failedAttempt -> {
      checkAttempt(failedAttempt);
      int doublings = failedAttempt - 1;
      long capped =
          doublings >= 62 || initialNanos > (maxNanos >> doublings)
              ? maxNanos
              : initialNanos << doublings;
      double r = random.getAsDouble();
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalStateException("random must return a value from 0 to 1 (was " + r + ")");
      }
      long half = capped / 2;
      return Duration.ofNanos(capped - half + (long) (r * half));
    };
  }

  /**
   * The same delay after every failure.
   *
   * @param delay zero (retry at once) to 30 days
   * @throws IllegalArgumentException if the delay is out of range
   */
  static BackoffPolicy fixed(Duration delay) {
    Checks.between(
        "delay", Objects.requireNonNull(delay, "delay"), Duration.ZERO, MAX_DELAY, "0 and 30 days");
    return failedAttempt -> {
      checkAttempt(failedAttempt);
      return delay;
    };
  }

  private static void checkAttempt(int failedAttempt) {
    if (failedAttempt < 1) {
      throw new IllegalArgumentException(
          "failedAttempt must be at least 1 (was " + failedAttempt + ")");
    }
  }
}
