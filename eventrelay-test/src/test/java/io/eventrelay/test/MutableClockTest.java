package io.eventrelay.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  private static final Instant NOON = Instant.parse("2030-06-15T12:00:00Z");

  @Test
  void startsAtTheFirstOf2024InUtcByDefault() {
    MutableClock clock = new MutableClock();

    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), clock.instant());
    assertEquals(MutableClock.DEFAULT_START, clock.instant());
    assertEquals(ZoneOffset.UTC, clock.getZone());
    assertEquals(MutableClock.DEFAULT_START.toEpochMilli(), clock.millis());
  }

  @Test
  void standsStillUntilMoved() {
    MutableClock clock = new MutableClock(NOON);

    assertEquals(NOON, clock.instant());
    assertEquals(NOON, clock.instant());
  }

  @Test
  void setMovesToAnyInstantIncludingBackwards() {
    MutableClock clock = new MutableClock(NOON);

    clock.set(NOON.plusSeconds(60));
    assertEquals(NOON.plusSeconds(60), clock.instant());
    clock.set(NOON.minusSeconds(3600));
    assertEquals(NOON.minusSeconds(3600), clock.instant());
  }

  @Test
  void advanceMovesForwardAndReturnsTheNewTime() {
    MutableClock clock = new MutableClock(NOON);

    assertEquals(NOON.plusMillis(1500), clock.advance(Duration.ofMillis(1500)));
    assertEquals(NOON.plusMillis(1500), clock.instant());
    assertEquals(NOON.plusMillis(1500), clock.advance(Duration.ZERO));
  }

  @Test
  void advanceRejectsANegativeDurationAndKeepsTheTime() {
    MutableClock clock = new MutableClock(NOON);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    assertEquals(
        "duration must not be negative (was PT-1S); use set(Instant) to go back", e.getMessage());
    assertEquals(NOON, clock.instant());
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    MutableClock clock = new MutableClock(NOON);

    assertEquals(
        "start",
        assertThrows(NullPointerException.class, () -> new MutableClock(null)).getMessage());
    assertEquals(
        "instant", assertThrows(NullPointerException.class, () -> clock.set(null)).getMessage());
    assertEquals(
        "duration",
        assertThrows(NullPointerException.class, () -> clock.advance(null)).getMessage());
    assertEquals(
        "zone", assertThrows(NullPointerException.class, () -> clock.withZone(null)).getMessage());
  }

  @Test
  void withZoneIsAViewThatSharesTheTime() {
    MutableClock utc = new MutableClock(NOON);
    ZoneId paris = ZoneId.of("Europe/Paris");

    MutableClock inParis = utc.withZone(paris);
    assertEquals(paris, inParis.getZone());
    assertEquals(LocalDateTime.parse("2030-06-15T14:00:00"), LocalDateTime.now(inParis));

    utc.advance(Duration.ofHours(1));
    assertEquals(NOON.plusSeconds(3600), inParis.instant());
    inParis.set(NOON);
    assertEquals(NOON, utc.instant());
    assertSame(utc, utc.withZone(ZoneOffset.UTC));
  }

  @Test
  void equalsAClockSharingItsTimeInTheSameZone() {
    MutableClock clock = new MutableClock(NOON);
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");

    assertEquals(clock.withZone(tokyo), clock.withZone(tokyo));
    assertEquals(clock.withZone(tokyo).hashCode(), clock.withZone(tokyo).hashCode());
    assertEquals(clock, clock.withZone(tokyo).withZone(ZoneOffset.UTC));
    assertNotEquals(clock, clock.withZone(tokyo));
    assertNotEquals(clock, new MutableClock(NOON));
  }

  @Test
  void concurrentAdvancesAreNeverLost() throws Exception {
    MutableClock clock = new MutableClock(NOON);
    int threads = 8;
    int advancesPerThread = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int j = 0; j < advancesPerThread; j++) {
                    clock.advance(Duration.ofNanos(1));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(NOON.plusNanos((long) threads * advancesPerThread), clock.instant());
  }
}
