package io.eventrelay.spi;

import static io.eventrelay.spi.AggregateRequest.Function.COUNT;
import static io.eventrelay.spi.AggregateRequest.Function.MAX;
import static io.eventrelay.spi.AggregateRequest.Function.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.Filter;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.JsonPath;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Aggregate requests are checked when built, with messages that name the part and the rule. */
class AggregateRequestTest {
  private static final JsonPath AMOUNT = new JsonPath(JsonPath.Document.DATA, List.of("amount"));

  private static void assertRefused(String message, Executable build) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
  }

  @Test
  void aValidRequestKeepsItsParts() {
    AggregateRequest r =
        AggregateRequest.of("sales", 10, AMOUNT, SUM, COUNT, SUM)
            .withFilter(Filter.parse("name == 'sale'"))
            .withGroupBy(EventField.USER_KEY)
            .withBucketWidth(Duration.ofHours(1));

    assertEquals("sales", r.topic());
    assertEquals(10, r.upToOffset());
    assertEquals(Filter.parse("name == 'sale'"), r.filter());
    assertEquals(Set.of(SUM, COUNT), r.functions());
    assertEquals(AMOUNT, r.value());
    assertEquals(EventField.USER_KEY, r.groupBy());
    assertEquals(3_600_000_000L, r.bucketWidthMicros());
  }

  @Test
  void theTopicNameFollowsTheTopicRules() {
    assertRefused(
        "topic name 'Sales' has an illegal character at index 0;"
            + " allowed: a lower-case letter first, then a-z, 0-9 and _",
        () -> AggregateRequest.count("Sales", 1));
  }

  @Test
  void upToOffsetIsNotNegative() {
    assertRefused(
        "upToOffset must be at least 0 (was -1)", () -> AggregateRequest.count("sales", -1));
  }

  @Test
  void atLeastOneFunctionIsAsked() {
    assertRefused(
        "functions must hold at least one of COUNT, SUM, MIN, MAX (was empty)",
        () -> AggregateRequest.of("sales", 1, AMOUNT));
  }

  @Test
  void sumMinAndMaxNeedAValue() {
    assertRefused(
        "value is required for [SUM, MAX]: SUM, MIN and MAX need a number to work on",
        () ->
            new AggregateRequest("sales", 1, Filter.all(), EnumSet.of(MAX, SUM), null, null, null));
  }

  @Test
  void theValueIsAJsonPathOrTheOffset() {
    assertRefused(
        "value must be a JSON path (data.… or context.…) or offset (was occurred_at)",
        () -> AggregateRequest.of("sales", 1, EventField.OCCURRED_AT, MAX));
    assertEquals(
        EventField.OFFSET, AggregateRequest.of("sales", 1, EventField.OFFSET, MAX).value());
  }

  @Test
  void groupsAreTextOrUuidFieldsOrJsonPaths() {
    assertRefused(
        "groupBy must be a JSON path or a text or UUID field (was occurred_at, a TIME field;"
            + " group times with bucketWidth)",
        () -> AggregateRequest.count("sales", 1).withGroupBy(EventField.OCCURRED_AT));
    assertEquals(
        EventField.ID, AggregateRequest.count("sales", 1).withGroupBy(EventField.ID).groupBy());
  }

  @Test
  void bucketWidthIsWholeSecondsFromOneSecondTo366Days() {
    AggregateRequest count = AggregateRequest.count("sales", 1);
    String rule = "bucketWidth must be a whole number of seconds between 1 second and 366 days";
    assertRefused(rule + " (was PT0.999S)", () -> count.withBucketWidth(Duration.ofMillis(999)));
    assertRefused(
        rule + " (was PT8784H1S)",
        () -> count.withBucketWidth(Duration.ofDays(366).plusSeconds(1)));
    assertRefused(rule + " (was PT1.5S)", () -> count.withBucketWidth(Duration.ofMillis(1500)));
    assertEquals(1_000_000L, count.withBucketWidth(Duration.ofSeconds(1)).bucketWidthMicros());
    assertEquals(Duration.ofDays(366), count.withBucketWidth(Duration.ofDays(366)).bucketWidth());
  }

  @Test
  void missingPartsAreNullPointers() {
    assertThrows(
        NullPointerException.class,
        () -> new AggregateRequest("sales", 1, null, Set.of(COUNT), null, null, null));
    assertThrows(
        NullPointerException.class,
        () -> new AggregateRequest("sales", 1, Filter.all(), null, null, null, null));
  }
}
