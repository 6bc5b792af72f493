package io.eventrelay.jdbc.internal;

import java.time.Instant;

/** Times are stored as microseconds since the Unix epoch: exact, and free of time zones. */
final class Micros {
  private Micros() {}

  static long of(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** The first whole microsecond at or after {@code t}. */
  static long ceil(Instant t) {
    return of(t) + (t.getNano() % 1000 == 0 ? 0 : 1);
  }

  static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
