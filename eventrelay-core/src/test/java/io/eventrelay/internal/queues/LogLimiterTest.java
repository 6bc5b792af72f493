package io.eventrelay.internal.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
  private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
  private final LogLimiter limiter =
      new LogLimiter("job failures", Duration.ofSeconds(10), nanos::get);

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void logsTheFirstFailureThenOnePerIntervalWithTheCountOfThoseInBetween() {
    assertEquals(0, limiter.admit(), "the first failure is logged");
    advance(Duration.ofSeconds(1));
    assertEquals(-1, limiter.admit());
    advance(Duration.ofSeconds(8));
    assertEquals(-1, limiter.admit());
    assertEquals(-1, limiter.admit());
    advance(Duration.ofSeconds(1));
    assertEquals(3, limiter.admit(), "10 s after the first: logged, with the 3 counted since");
    advance(Duration.ofMillis(9_999));
    assertEquals(-1, limiter.admit());
    advance(Duration.ofSeconds(60));
    assertEquals(1, limiter.admit(), "long after: logged at once");
  }

  @Test
  void drainReportsTheFailuresNotLoggedOnce() {
    limiter.admit();
    limiter.admit();
    limiter.admit();

    assertEquals(2, limiter.drain());
    assertEquals(0, limiter.drain());
    advance(Duration.ofSeconds(10));
    assertEquals(0, limiter.admit(), "the drained failures are not counted again");
  }

  @Test
  void moreNamesTheCountAndTheKindOrNothing() {
    assertEquals("", limiter.more(0));
    assertEquals(" (and 57 more job failures since the last logged)", limiter.more(57));
  }
}
