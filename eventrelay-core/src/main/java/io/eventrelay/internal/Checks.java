package io.eventrelay.internal;

import java.time.Duration;

/** The range checks of settings and arguments, with one wording for every message. */
public final class Checks {
  private Checks() {}

  /**
   * Returns {@code value} if it lies from {@code min} to {@code max}.
   *
   * @throws IllegalArgumentException "{@code what} must be between {@code min} and {@code max} (was
   *     {@code value})"
   */
  public static int between(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " must be between " + min + " and " + max + " (was " + value + ")");
    }
    return value;
  }

  /**
   * Returns {@code value} if it lies from {@code min} to {@code max}.
   *
   * @param range the bounds in words, as the message gives them: "1 millisecond and 1 hour"
   * @throws IllegalArgumentException "{@code what} must be between {@code range} (was {@code
   *     value})"
   */
  public static Duration between(
      String what, Duration value, Duration min, Duration max, String range) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          what + " must be between " + range + " (was " + value + ")");
    }
    return value;
  }
}
