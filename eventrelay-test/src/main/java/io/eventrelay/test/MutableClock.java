package io.eventrelay.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so that time-dependent behaviour
 * (occurrence and recording times, {@code offsetAt}, leases, retries) can be tested without
 * sleeping.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock();             // 2024-01-01T00:00:00Z, UTC
 * EventRelay relay = EventRelay.builder()
 *     .storage(JdbcStorage.sqliteInMemory())
 *     .clock(clock)
 *     .build();
 * Event first = relay.createTopic("audit").publish(event);
 * clock.advance(Duration.ofMinutes(5));
 * assertEquals(first.recordedAt().plusSeconds(300), clock.instant());
 * }</pre>
 *
 * <p>The clock starts at {@link #DEFAULT_START} unless given another instant, and its zone is UTC.
 * {@link #withZone(ZoneId)} returns a view in another zone that shares this clock's time: moving
 * either moves both.
 *
 * <p>Thread-safe: the time may be read and moved from any thread.
 */
public final class MutableClock extends Clock {
  /** Where a clock starts by default: {@code 2024-01-01T00:00:00Z}. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock at {@link #DEFAULT_START}, in UTC. */
  public MutableClock() {
    this(DEFAULT_START);
  }

  /**
   * A clock at {@code start}, in UTC.
   *
   * @throws NullPointerException if {@code start} is null
   */
  public MutableClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** The clock's current time; it changes only through {@link #set} and {@link #advance}. */
  @Override
  public Instant instant() {
    return now.get();
  }

  /** The zone: UTC, unless this is a view made by {@link #withZone(ZoneId)}. */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * A view of this clock in {@code zone}: it shares this clock's time, so setting or advancing
   * either one moves both.
   *
   * @throws NullPointerException if {@code zone} is null
   */
  @Override
  public MutableClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new MutableClock(now, zone);
  }

  /**
   * Sets the time. It may go backwards, to test how code copes with a clock that is set back.
   *
   * @throws NullPointerException if {@code instant} is null
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * Moves the time forward by {@code duration} and returns the new time.
   *
   * @throws IllegalArgumentException if {@code duration} is negative; use {@link #set} to go back
   * @throws NullPointerException if {@code duration} is null
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration must not be negative (was " + duration + "); use set(Instant) to go back");
    }
    return now.updateAndGet(t -> t.plus(duration));
  }

  /** Equal to a clock that shares this one's time (this clock or a view of it) in the same zone. */
  @Override
  public boolean equals(Object o) {
    return o instanceof MutableClock c && c.now == now && c.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "MutableClock[" + instant() + "," + zone + "]";
  }
}
