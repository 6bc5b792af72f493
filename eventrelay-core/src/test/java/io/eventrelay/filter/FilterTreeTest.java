package io.eventrelay.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilterTreeTest {
  private static final Comparison A =
      new Comparison(EventField.NAME, Operator.EQ, new StringLiteral("a"));

  @Test
  void andAndOrNeedTwoOperandsAndCopyThem() {
    assertEquals(
        "an AND needs at least two operands (was 1)",
        assertThrows(IllegalArgumentException.class, () -> new And(List.of(A))).getMessage());
    assertEquals(
        "an OR needs at least two operands (was 0)",
        assertThrows(IllegalArgumentException.class, () -> new Or(List.of())).getMessage());
    List<Expression> operands = new ArrayList<>(List.of(A, A));
    And and = new And(operands);
    operands.add(A);
    assertEquals(2, and.operands().size());
    assertThrows(UnsupportedOperationException.class, () -> and.operands().add(A));
  }

  @Test
  void jsonPathSegmentsMustBeIdentifiers() {
    assertEquals(
        "a path segment must match [A-Za-z_][A-Za-z0-9_]* (was '0')",
        assertThrows(
                IllegalArgumentException.class,
                () -> new JsonPath(JsonPath.Document.DATA, List.of("a", "0")))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new JsonPath(JsonPath.Document.DATA, List.of("a'; DROP TABLE x; --")));
    assertEquals("context", new JsonPath(JsonPath.Document.CONTEXT, List.of()).text());
    assertEquals("data._a.b1", new JsonPath(JsonPath.Document.DATA, List.of("_a", "b1")).text());
  }

  @Test
  void numberLiteralsAreEqualWhenNumericallyEqual() {
    NumberLiteral thirty = new NumberLiteral(new BigDecimal("30"));
    assertEquals(thirty, new NumberLiteral(new BigDecimal("30.00")));
    assertEquals(thirty.hashCode(), new NumberLiteral(new BigDecimal("3E+1")).hashCode());
    assertEquals(
        new NumberLiteral(BigDecimal.ZERO).hashCode(),
        new NumberLiteral(new BigDecimal("0.000")).hashCode());
    assertNotEquals(thirty, new NumberLiteral(new BigDecimal("30.5")));
    assertTrue(thirty.isIntegral());
    assertTrue(new NumberLiteral(new BigDecimal("30.0")).isIntegral());
    assertTrue(new NumberLiteral(new BigDecimal("0.0")).isIntegral());
    assertFalse(new NumberLiteral(new BigDecimal("30.5")).isIntegral());
  }

  @Test
  void instantLiteralsKeepMicroseconds() {
    InstantLiteral t = new InstantLiteral(Instant.parse("2024-01-05T10:00:00.123456789Z"));
    assertEquals(Instant.parse("2024-01-05T10:00:00.123456Z"), t.value());
    assertEquals(1_704_448_800_123_456L, t.epochMicros());
    assertEquals(
        -500_000L, new InstantLiteral(Instant.parse("1969-12-31T23:59:59.5Z")).epochMicros());
  }

  @Test
  void eventFieldsAreFoundByFilterName() {
    assertEquals(Optional.of(EventField.OCCURRED_AT), EventField.fromName("occurred_at"));
    assertEquals(Optional.empty(), EventField.fromName("OCCURRED_AT"));
    assertEquals(Optional.empty(), EventField.fromName("event_offset"));
    assertEquals("event_offset", EventField.OFFSET.column());
    assertEquals(EventField.Type.UUID, EventField.PREV_ID.type());
  }

  @Test
  void orderingOperatorsAreTheFourInequalities() {
    List<Operator> ordering = new ArrayList<>();
    for (Operator op : Operator.values()) {
      if (op.isOrdering()) {
        ordering.add(op);
      }
    }
    assertEquals(List.of(Operator.GT, Operator.GE, Operator.LT, Operator.LE), ordering);
    assertEquals("contains", Operator.CONTAINS.symbol());
  }
}
