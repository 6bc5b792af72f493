package io.eventrelay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

  @Test
  void idsAreVersion7WithTheGivenMillisecondsAndIncreaseWithinOneMillisecond() {
    Uuids uuids = new Uuids();
    long millis = 1_700_000_000_123L;
    UUID previous = uuids.next(millis);
    assertEquals(7, previous.version());
    assertEquals(2, previous.variant());
    assertEquals(millis, previous.getMostSignificantBits() >>> 16);
    for (int i = 0; i < 10_000; i++) {
      UUID next = uuids.next(millis);
      assertTrue(
          Long.compareUnsigned(next.getMostSignificantBits(), previous.getMostSignificantBits())
              > 0,
          "ids must increase");
      previous = next;
    }
  }

  @Test
  void aClockGoingBackDoesNotMakeIdsGoBack() {
    Uuids uuids = new Uuids();
    UUID later = uuids.next(2_000_000L);
    UUID earlierClock = uuids.next(1_000_000L);
    assertTrue(
        Long.compareUnsigned(earlierClock.getMostSignificantBits(), later.getMostSignificantBits())
            > 0);
  }
}
