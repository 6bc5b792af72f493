package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.spi.AggregateRequest;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.StoredFilters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryFilterTest {
  private static final Event BIG =
      Event.builder("order").source("s").data(Map.of("n", 500)).build();
  private static final Event SMALL =
      Event.builder("order").source("s").data(Map.of("n", 5)).build();
  private static final Filter LARGE =
      Filter.of("large orders", e -> e.data().get("n").asInt() > 99);

  @Test
  void matchesByItsPredicateAndHasNoSqlTree() {
    assertTrue(LARGE.matches(BIG));
    assertFalse(LARGE.matches(SMALL));
    assertTrue(LARGE.isInMemory());
    assertFalse(LARGE.isAll());
    assertNull(LARGE.expression());
    assertEquals("large orders", LARGE.toString());
    assertFalse(Filter.parse("data.n > 99").isInMemory());
    assertFalse(Filter.all().isInMemory());
  }

  @Test
  void equalByDescriptionAndNeverEqualToAParsedFilter() {
    assertEquals(LARGE, Filter.of("large orders", e -> false));
    assertEquals(LARGE.hashCode(), Filter.of("large orders", e -> false).hashCode());
    assertNotEquals(LARGE, Filter.of("small orders", e -> true));
    assertNotEquals(Filter.parse("data.n > 99"), Filter.of("data.n > 99", e -> true));
    assertNotEquals(Filter.of("data.n > 99", e -> true), Filter.parse("data.n > 99"));
  }

  @Test
  void aPredicateThatThrowsIsAFilterExceptionNamingTheFilterAndEvent() {
    Filter broken =
        Filter.of(
            "broken",
            e -> {
              throw new IllegalStateException("no n");
            });
    FilterException e = assertThrows(FilterException.class, () -> broken.matches(BIG));
    assertEquals("broken", e.filter());
    assertEquals(0, e.offset());
    assertEquals(
        "filter 'broken' failed on event " + BIG.id() + ": " + e.getCause(), e.getMessage());
    assertSame(IllegalStateException.class, e.getCause().getClass());
  }

  @Test
  void badDescriptionsAreRefused() {
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> Filter.of(" ", e -> true));
    assertEquals(
        "description must not be blank and at most 1000 characters (was 1 characters, blank)",
        blank.getMessage());
    IllegalArgumentException longer =
        assertThrows(IllegalArgumentException.class, () -> Filter.of("x".repeat(1001), e -> true));
    assertEquals(
        "description must not be blank and at most 1000 characters (was 1001 characters)",
        longer.getMessage());
    assertThrows(NullPointerException.class, () -> Filter.of("d", null));
    assertThrows(NullPointerException.class, () -> Filter.of(null, e -> true));
  }

  @Test
  void storagesNeverGetAnInMemoryFilterToRenderInSql() {
    IllegalArgumentException read =
        assertThrows(
            IllegalArgumentException.class, () -> new ReadRequest("t", null, 1, 10, LARGE));
    assertEquals(
        "a storage reads by parsed filters only; the relay tests filter 'large orders', which runs"
            + " in memory, on the events it reads",
        read.getMessage());
    IllegalArgumentException aggregate =
        assertThrows(
            IllegalArgumentException.class, () -> AggregateRequest.count("t", 1).withFilter(LARGE));
    assertEquals(
        "filter must be a parsed filter, which the storage evaluates in SQL; 'large orders' runs in"
            + " memory only",
        aggregate.getMessage());
  }

  @Test
  void storedFormTellsParsedAndInMemoryFiltersApart() {
    assertNull(StoredFilters.text(Filter.all()));
    assertEquals("data.n > 99", StoredFilters.text(Filter.parse("data.n > 99")));
    String stored = StoredFilters.text(LARGE);
    assertEquals("in-memory:large orders", stored);
    assertTrue(StoredFilters.same(stored, Filter.of("large orders", e -> true)));
    assertFalse(StoredFilters.same(stored, Filter.of("small orders", e -> true)));
    assertFalse(StoredFilters.same(stored, Filter.all()));
    assertFalse(StoredFilters.same("data.n > 99", Filter.of("data.n > 99", e -> true)));
    assertTrue(StoredFilters.same("data.n  >  99", Filter.parse("data.n > 99")));
    assertTrue(StoredFilters.same(null, Filter.all()));
    assertEquals("large orders", StoredFilters.describe(stored));
    assertEquals("data.n > 99", StoredFilters.describe("data.n > 99"));
    assertEquals("", StoredFilters.describe(null));
  }
}
