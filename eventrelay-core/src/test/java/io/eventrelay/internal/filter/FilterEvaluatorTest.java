package io.eventrelay.internal.filter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.spi.EventRecord;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FilterEvaluatorTest {
  private static final String DATA =
      "{\"n\": 30, \"f\": 1.5, \"neg\": -2, \"s\": \"30\", \"t\": true, \"off\": false, \"one\": 1,"
          + " \"zero\": 0, \"nul\": null, \"text\": \"hello world\", \"b\": \"b\","
          + " \"emoji\": \"\uD83D\uDE00\", \"big\": 9007199254740993, \"tenth\": 0.1, \"sci\": 1e2,"
          + " \"tags\": [\"a\", \"b\", 1, true, null, [\"c\"], {\"d\": 1}, \"2024-01-01\"],"
          + " \"nested\": {\"deep\": {\"x\": \"y\"}}, \"obj\": {\"k\": 1},"
          + " \"d\": \"2024-01-05T10:00:00+02:00\", \"day\": \"2024-01-01\", \"bad\": \"2024-02-30\","
          + " \"local\": \"2024-01-05T10:00:00\", \"quote\": \"it's\"}";
  private static final UUID ID = UUID.fromString("f0000000-0000-7000-8000-00000000000a");
  private static final Event EVENT =
      Event.fromRecord(
          new EventRecord(
              ID,
              "t",
              "users:1",
              7,
              "user.created",
              "web",
              DATA,
              "{\"tenant\": \"acme\", \"n\": 5}",
              Instant.parse("2024-01-05T10:00:00.000001Z"),
              null,
              Instant.parse("2024-01-05T10:00:01Z"),
              "u-42",
              null,
              "g",
              null,
              null,
              null,
              null));

  @Test
  void quotedValuesAreStringsAndNeverEqualNumbers() {
    assertMatches("data.n == 30", "data.n == 30.0", "data.n == '30'::INTEGER", "data.s == '30'");
    assertNoMatch("data.n == '30'", "data.s == 30", "data.s == 30.0", "data.n in ['30']");
  }

  @Test
  void comparingDifferentTypesIsFalseForEveryOperatorIncludingNotEqual() {
    assertNoMatch(
        "data.n != 'x'",
        "data.n > 'a'",
        "data.s != 5",
        "data.s < 5",
        "data.t != 1",
        "data.one != true");
    assertNoMatch("data.obj != 1", "data.tags != 'a'", "data.tags == 'a'", "data.obj == 1");
  }

  @Test
  void booleansEqualOnlyBooleans() {
    assertMatches(
        "data.t == true", "data.t != false", "data.off == false", "data.t in [false, true]");
    assertNoMatch(
        "data.t == 1",
        "data.one == true",
        "data.zero == false",
        "data.t == 'true'",
        "data.t != true");
  }

  @Test
  void missingPathsAndJsonNullMatchNothingNotEvenNotEqual() {
    assertNoMatch(
        "data.missing == 'x'",
        "data.missing != 'x'",
        "data.nul != 1",
        "data.nul == 1",
        "data.s.x != 1",
        "data.tags.a != 1",
        "context.missing != 'x'",
        "available_at != '2024-01-01'::DATE",
        "anonymous_key != 'x'",
        "prev_id != '0190b8c4-5f6e-7a1b-9c2d-3e4f5a6b7c8d'",
        "data.missing in ['x']",
        "data.missing contains 'x'");
    Event noContext = Event.builder("n").source("s").data("{}").build();
    assertEquals(false, Filter.parse("context.x != 1").matches(noContext));
    assertEquals(false, Filter.parse("recorded_at != '2024-01-01'::DATE").matches(noContext));
  }

  @Test
  void numbersCompareByValue() {
    assertMatches(
        "data.f > 1", "data.f >= 1.5", "data.f < 1.50001", "data.f <= 1.5", "data.neg < -1.5");
    assertMatches(
        "data.big == 9007199254740993", "data.big != 9007199254740992", "data.tenth == 0.1");
    assertMatches("data.sci == 100", "data.n != 31", "data.n in [1, 30.0]");
    assertNoMatch("data.f > 1.5", "data.tenth == 0.100000000000001", "data.n in []");
    assertMatches(
        "data.tenth < 0.100000000000001", "data.tenth > 0.099999999999999", "data.big > 1e15");
  }

  @Test
  void numbersFromJavaFloatsCompareAsTheyAreStored() {
    Event e = Event.builder("n").source("s").data(Map.of("f", 0.1f, "d", 0.1d)).build();
    assertEquals(true, Filter.parse("data.f == 0.1 AND data.d == 0.1").matches(e));
  }

  @Test
  void stringsCompareByCodePoint() {
    assertMatches(
        "data.b > 'a'", "data.b > 'B'", "data.b < 'ba'", "data.b >= 'b'", "data.emoji > '\uFFFD'");
    assertMatches("data.quote == 'it''s'", "name > 'user'", "name <= 'user.created'");
    assertNoMatch("data.b < 'B'", "data.b > 'b'");
  }

  @Test
  void containsTestsArrayMembershipWithStrictEquality() {
    assertMatches(
        "data.tags contains 'a'",
        "data.tags contains 1",
        "data.tags contains 1.0",
        "data.tags contains true");
    assertMatches("data.tags contains '2024-01-01'::DATE", "data.tags contains '2024-01-01'");
    assertNoMatch(
        "data.tags contains 'c'",
        "data.tags contains '1'",
        "data.tags contains false",
        "data.tags contains 'd'");
  }

  @Test
  void containsTestsSubstringsOfStringsCaseSensitively() {
    assertMatches(
        "data.text contains 'lo w'",
        "data.text contains ''",
        "name contains '.created'",
        "user_key contains 'u-'");
    assertNoMatch(
        "data.text contains 'Hello'",
        "data.n contains 3",
        "data.s contains 3",
        "data.obj contains 'k'");
    assertNoMatch("data.day contains '2024-01-01'::DATE");
  }

  @Test
  void inTestsMembershipWithStrictEquality() {
    assertMatches(
        "data.s in ['30', 5]", "name in ['a', 'user.created']", "data.day in ['2024-01-01'::DATE]");
    assertNoMatch("data.s in [30]", "name in ['A']", "data.tags in ['a']");
  }

  @Test
  void datesInJsonStringsCompareChronologically() {
    assertMatches(
        "data.d == '2024-01-05T08:00:00Z'::DATETIME",
        "data.d > '2024-01-05'::DATE",
        "data.d < '2024-01-06'::DATE",
        "data.d != '2024-01-05T08:00:00.000001Z'::DATETIME",
        "data.day == '2024-01-01'::DATE",
        "data.day == '2024-01-01T01:00:00+01:00'::DATETIME",
        "data.day >= '2023-12-31T23:59:59.999999Z'::DATETIME");
  }

  @Test
  void stringsThatAreNotDatesMatchNoDateComparison() {
    assertNoMatch(
        "data.bad != '2024-01-01'::DATE",
        "data.bad > '2000-01-01'::DATE",
        "data.local != '2024-01-01'::DATE",
        "data.local > '2000-01-01'::DATE",
        "data.text != '2024-01-01'::DATE",
        "data.n != '2024-01-01'::DATE",
        "data.obj != '2024-01-01'::DATE");
  }

  @Test
  void timeFieldsCompareToTheMicrosecond() {
    assertMatches(
        "occurred_at > '2024-01-05T10:00:00Z'::DATETIME",
        "occurred_at == '2024-01-05T10:00:00.000001Z'::DATETIME",
        "occurred_at == '2024-01-05T10:00:00.0000019Z'::DATETIME",
        "occurred_at < '2024-01-06'::DATE",
        "recorded_at in ['2024-01-05T11:00:01+01:00'::DATETIME]",
        "occurred_at != '2024-01-05T10:00:00Z'::DATETIME");
    assertNoMatch(
        "occurred_at >= '2024-01-06'::DATE", "occurred_at <= '2024-01-05T10:00:00Z'::DATETIME");
  }

  @Test
  void topLevelFieldsMatchTheirValues() {
    assertMatches(
        "name == 'user.created'",
        "source != 'api'",
        "topic_identifier == 'users:1'",
        "group_key == 'g'");
    assertMatches(
        "offset == 7", "offset == 7.0", "offset > 6.5", "offset in [1, 7]", "offset != 8");
    assertMatches(
        "id == 'F0000000-0000-7000-8000-00000000000A'",
        "id > '70000000-0000-7000-8000-000000000000'");
    assertNoMatch(
        "name == 'USER.CREATED'",
        "offset > 7",
        "trace_key == 'x'",
        "id < '00000000-0000-0000-0000-000000000000'");
  }

  @Test
  void contextPathsReadTheContext() {
    assertMatches("context.tenant == 'acme'", "context.n >= 5", "data.n == 30 AND context.n == 5");
    assertNoMatch("context.n == 30", "context == 'acme'", "context != 'acme'");
  }

  @Test
  void nestedPathsAndWholeDocumentsResolve() {
    assertMatches("data.nested.deep.x == 'y'");
    assertNoMatch("data.nested.deep == 'y'", "data.nested.x == 'y'");
    Event array = Event.builder("n").source("s").data("[1, 2]").build();
    Event string = Event.builder("n").source("s").data("\"x\"").build();
    assertEquals(true, Filter.parse("data contains 2").matches(array));
    assertEquals(true, Filter.parse("data == 'x' AND data contains 'x'").matches(string));
    assertEquals(false, Filter.parse("data.a == 1").matches(array));
  }

  @Test
  void andOrAndParenthesesCombineAsWritten() {
    assertMatches(
        "data.n == 1 OR data.n == 30 AND name == 'user.created'",
        "(data.n == 1 OR data.n == 30) AND offset == 7");
    assertNoMatch(
        "(data.n == 1 OR data.n == 30) AND name == 'x'",
        "data.n == 1 OR data.n == 30 AND name == 'x'");
    assertMatches("data.n == 30 OR data.missing != 1");
  }

  @Test
  void matchAllMatchesEveryEventAndNullIsRejected() {
    assertEquals(true, Filter.all().matches(EVENT));
    assertThrows(NullPointerException.class, () -> Filter.parse("name == 'x'").matches(null));
  }

  private static void assertMatches(String... filters) {
    check(true, filters);
  }

  private static void assertNoMatch(String... filters) {
    check(false, filters);
  }

  private static void check(boolean expected, String... filters) {
    assertAll(
        java.util.Arrays.stream(filters)
            .map(f -> () -> assertEquals(expected, Filter.parse(f).matches(EVENT), f)));
  }
}
