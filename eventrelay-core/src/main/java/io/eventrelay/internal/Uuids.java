package io.eventrelay.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then a 12-bit counter that
 * keeps ids from one generator increasing within a millisecond, then 62 random bits.
 */
public final class Uuids {
  private static final SecureRandom SEED = new SecureRandom();
  private long lastMillis = -1;
  private int counter;

  /** The next id for the given time; strictly greater than the previous one from this generator. */
  public synchronized UUID next(long epochMillis) {
    if (epochMillis > lastMillis) {
      lastMillis = epochMillis;
      counter = SEED.nextInt(0x400); // leave room to count up within the millisecond
    } else if (++counter > 0xFFF) {
      lastMillis++;
      counter = 0;
    }
    long msb = (lastMillis << 16) | 0x7000L | counter;
    long lsb = (ThreadLocalRandom.current().nextLong() >>> 2) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
