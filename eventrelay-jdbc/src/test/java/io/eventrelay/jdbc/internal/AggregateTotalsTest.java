package io.eventrelay.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.StorageException;
import io.eventrelay.spi.AggregateRow;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The exact running totals behind SQLite's aggregates, including the numbers SQLite stores but
 * PostgreSQL would refuse, which must not turn a sum into a memory hog.
 */
class AggregateTotalsTest {

  @Test
  void addsLiteralsTimesTheirCountExactly() {
    AggregateTotals t = new AggregateTotals();
    t.add(3, "12345678901234567890.123456789");
    t.add(2, null);
    t.add(1, "-1E+2");
    t.add(4, "0.5");

    AggregateRow row = t.row("eu", Instant.EPOCH);

    assertEquals("eu", row.groupKey());
    assertEquals(Instant.EPOCH, row.bucketStart());
    assertEquals(10, row.count());
    assertEquals(8, row.numbers());
    assertEquals(0, new BigDecimal("37037036703703703572.370370367").compareTo(row.sum()));
    assertEquals(0, new BigDecimal("-100").compareTo(row.min()));
    assertEquals(0, new BigDecimal("12345678901234567890.123456789").compareTo(row.max()));
  }

  @Test
  void numbersWithinPostgresNumericRangeAreAccepted() {
    AggregateTotals t = new AggregateTotals();
    t.add(1, "1e131071");
    t.add(1, "1e-16383");
    assertEquals(2, t.row(null, null).numbers());
  }

  @Test
  void numbersBeyondPostgresNumericRangeFailInsteadOfGrowingWithoutBound() {
    for (String literal : new String[] {"1e131072", "1e-16384", "1e99999999999"}) {
      StorageException e =
          assertThrows(StorageException.class, () -> new AggregateTotals().add(1, literal));
      assertEquals(
          "a stored JSON number ("
              + literal
              + ") is not a decimal of at most 131072 digits before the point and 16383 after it;"
              + " it cannot be aggregated exactly",
          e.getMessage());
    }
  }
}
