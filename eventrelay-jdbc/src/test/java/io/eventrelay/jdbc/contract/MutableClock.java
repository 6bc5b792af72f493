package io.eventrelay.jdbc.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test sets by hand, so no test waits for real time. Optionally it ticks forward by a
 * fixed step on every read, which makes every reading distinct. Thread-safe.
 */
final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final Duration tick;

  private MutableClock(Instant start, Duration tick) {
    this.now = new AtomicReference<>(start);
    this.tick = tick;
  }

  /** A clock that stands still at {@code start} until set or advanced. */
  static MutableClock at(Instant start) {
    return new MutableClock(start, Duration.ZERO);
  }

  /** A clock that returns {@code start}, then advances by {@code tick} after every reading. */
  static MutableClock ticking(Instant start, Duration tick) {
    return new MutableClock(start, tick);
  }

  void set(Instant instant) {
    now.set(instant);
  }

  void advance(Duration duration) {
    now.updateAndGet(t -> t.plus(duration));
  }

  @Override
  public Instant instant() {
    return tick.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(tick));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a MutableClock is always UTC");
  }
}
