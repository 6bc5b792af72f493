package io.eventrelay.internal.filter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.Filter;
import io.eventrelay.FilterSyntaxException;
import org.junit.jupiter.api.Test;

class FilterSyntaxErrorTest {

  @Test
  void messageNamesThePositionTheReasonAndTheText() {
    FilterSyntaxException e =
        assertThrows(FilterSyntaxException.class, () -> Filter.parse("name == "));
    assertEquals(
        "filter syntax error at position 8: expected a value after '==' but found end of input in: name == ",
        e.getMessage());
    assertEquals(8, e.position());
    assertEquals("name == ", e.filter());
    assertEquals("expected a value after '==' but found end of input", e.reason());
  }

  @Test
  void unterminatedStringPointsAtItsOpeningQuote() {
    assertError(
        "name == 'abc",
        8,
        "unterminated string (a quote inside a string is written as two quotes: '')");
    assertError(
        "name == 'it's'",
        13,
        "unterminated string (a quote inside a string is written as two quotes: '')");
  }

  @Test
  void missingValueIsAnError() {
    assertError("name == AND source == 'x'", 8, "expected a value after '==' but found 'AND'");
    assertError("data.n > )", 9, "expected a value after '>' but found ')'");
    assertError("name contains", 13, "expected a value after 'contains' but found end of input");
    assertError("name == source", 8, "expected a value after '==' but found 'source'");
  }

  @Test
  void missingOrMisspelledOperatorIsAnError() {
    assertError(
        "name 'x'",
        5,
        "expected an operator (==, !=, >, >=, <, <=, in or contains) after name but found the string 'x'");
    assertError("name = 'x'", 5, "expected '==' but found a lone '='");
    assertError("name === 'x'", 7, "expected '==' but found a lone '='");
    assertError("name ! 'x'", 5, "expected '!=' but found a lone '!'");
    assertError(
        "name like 'x'",
        5,
        "expected an operator (==, !=, >, >=, <, <=, in or contains) after name but found 'like'");
  }

  @Test
  void unknownFieldIsAnErrorAtItsStart() {
    String expected =
        "unknown field 'nam'; expected one of id, name, source, topic_identifier, offset, occurred_at,"
            + " available_at, recorded_at, user_key, anonymous_key, group_key, reference_key,"
            + " trace_key, data_schema, prev_id, or a path starting with data. or context.";
    assertError("nam == 'x'", 0, expected);
    assertEquals(16, error("data.a == 1 AND colour == 'red'").position());
    assertEquals(0, error("Name == 'x'").position());
    assertEquals(0, error("event.name == 'x'").position());
    assertError(
        "'name' == 'x'",
        0,
        "expected a field name but found the string 'name' (field names are not quoted)");
    assertError("true == 1", 0, "expected a field name but found 'true'");
  }

  @Test
  void badPathSegmentsAreErrorsAtTheSegment() {
    assertError("data. == 1", 5, "expected a key after '.' in data.");
    assertError("data..a == 1", 5, "expected a key after '.' in data..a");
    assertError(
        "data.items.0 == 1",
        11,
        "path segments are object keys like data.items; array indexes such as '0' are not supported");
    assertError(
        "context.a.1b == 1",
        10,
        "path segments are object keys like data.items; array indexes such as '1b' are not supported");
  }

  @Test
  void inRequiresAListAndListsRequireIn() {
    assertError(
        "name in 'a'", 8, "expected a list like ['a', 'b'] after 'in' but found the string 'a'");
    assertError("name IN", 7, "expected a value after 'in' but found end of input");
    assertError("data.a == [1]", 10, "a list is only allowed after 'in', not after '=='");
    assertError(
        "data.a contains ['x']", 16, "a list is only allowed after 'in', not after 'contains'");
  }

  @Test
  void malformedListsAreErrors() {
    assertError("data.a in [1, [2]]", 14, "lists cannot be nested");
    assertError(
        "data.a in [1 2]",
        13,
        "expected ',' or ']' in the list opened at position 10 but found the number 2");
    assertError("data.a in [1,", 13, "expected a value in the list but found end of input");
    assertError("data.a in [1, ]", 14, "expected a value in the list but found ']'");
    assertError(
        "data.a in [1",
        12,
        "expected ',' or ']' in the list opened at position 10 but found end of input");
  }

  @Test
  void danglingOrMisplacedLogicalOperatorsAreErrors() {
    assertError("name == 'x' AND", 15, "expected a field name but found end of input");
    assertError("name == 'x' or ", 15, "expected a field name but found end of input");
    assertError("AND name == 'x'", 0, "expected a field name but found 'AND'");
    assertError("name == 'x' AND AND source == 'y'", 16, "expected a field name but found 'AND'");
    assertError("name == 'x' AND OR source == 'y'", 16, "expected a field name but found 'OR'");
  }

  @Test
  void unbalancedParenthesesAreErrors() {
    assertError(
        "(name == 'x'",
        12,
        "expected AND, OR or ')' to close the '(' at position 0 but found end of input");
    assertError(
        "((name == 'x')",
        14,
        "expected AND, OR or ')' to close the '(' at position 0 but found end of input");
    assertError("name == 'x')", 11, "found ')' without a matching '('");
    assertError("(name == 'x'))", 13, "found ')' without a matching '('");
    assertError("()", 1, "expected a field name but found ')'");
    assertError(
        "(name == 'x' source == 'y')",
        13,
        "expected AND, OR or ')' to close the '(' at position 0 but found 'source'");
  }

  @Test
  void parenthesesNestedTooDeeplyAreAnError() {
    String ok = "(".repeat(64) + "data.a == 1" + ")".repeat(64);
    assertEquals(Filter.parse("data.a == 1").expression(), Filter.parse(ok).expression());
    assertError(
        "(".repeat(65) + "data.a == 1" + ")".repeat(65),
        64,
        "parentheses are nested more than 64 deep");
  }

  @Test
  void literalThatDoesNotConvertToItsCastIsAnErrorAtTheLiteral() {
    assertError(
        "occurred_at > '2024-13-01'::DATE",
        14,
        "'2024-13-01' does not convert to DATE: expected a date like '2024-01-01'");
    assertAll(
        () -> assertEquals(14, error("occurred_at > '2024-02-30'::DATE").position()),
        () -> assertEquals(14, error("occurred_at > '2024-01-05T10:00:00Z'::DATE").position()),
        () -> assertEquals(14, error("occurred_at > '2024-01-05T10:00:00'::DATETIME").position()),
        () -> assertEquals(14, error("occurred_at > '2024-01-05 10:00:00Z'::DATETIME").position()),
        () ->
            assertEquals(
                14, error("occurred_at > '2024-01-05T10:00:00+19:00'::DATETIME").position()),
        () -> assertEquals(14, error("occurred_at > 20240101::DATE").position()),
        () -> assertEquals(10, error("data.n == 'abc'::INTEGER").position()),
        () -> assertEquals(10, error("data.n == 1.5::INTEGER").position()),
        () -> assertEquals(10, error("data.n == '1.5x'::FLOAT").position()),
        () -> assertEquals(10, error("data.n == 'yes'::BOOLEAN").position()),
        () -> assertEquals(10, error("data.n == 1::BOOLEAN").position()),
        () -> assertEquals(14, error("data.n in [1, 'x'::INTEGER]").position()));
    assertError(
        "data.n == 1.5::INTEGER",
        10,
        "1.5 does not convert to INTEGER: expected a whole number like 42 or '42'");
  }

  @Test
  void unknownOrMissingCastIsAnErrorAtTheCastName() {
    assertError(
        "data.n == '1'::NUMBER",
        15,
        "expected a cast (DATE, DATETIME, INTEGER, FLOAT or BOOLEAN) after '::' but found 'NUMBER'");
    assertError(
        "data.n == '1'::",
        15,
        "expected a cast (DATE, DATETIME, INTEGER, FLOAT or BOOLEAN) after '::' but found end of input");
    assertError("data.n == '1':DATE", 13, "expected '::' before a cast but found a lone ':'");
  }

  @Test
  void trailingGarbageIsAnError() {
    assertError(
        "name == 'x' source == 'y'", 12, "expected AND, OR or end of input but found 'source'");
    assertError("name == 'x' 5", 12, "expected AND, OR or end of input but found the number 5");
    assertError("name == 'x' 'y'", 12, "expected AND, OR or end of input but found the string 'y'");
  }

  @Test
  void unexpectedCharactersAndMalformedNumbersAreErrors() {
    assertError(
        "name == \"x\"", 8, "unexpected character '\"' (strings are written in single quotes)");
    assertError("name == 'x' && source == 'y'", 12, "unexpected character '&'");
    assertError(
        "data.n == 1.", 10, "malformed number '1.': expected a digit after the decimal point");
    assertError("data.n == 12abc", 10, "malformed number '12abc'");
    assertError("data.n == 1.2.3", 10, "malformed number '1.2.3'");
    assertError("data.n == -", 10, "malformed number '-': expected a digit after '-'");
    assertError("data.n == 1e", 10, "malformed number '1e': expected a digit in the exponent");
    assertError("data.n == .5", 10, "unexpected character '.'");
  }

  @Test
  void numbersThatSomeDatabaseCannotHoldExactlyAreErrors() {
    String reason =
        " cannot be compared exactly on every database: use a whole number within 64 bits, or at"
            + " most 15 significant digits and a size from 1e-307 to 1e308";
    assertError("data.n == 1.23456789012345678", 10, "the number 1.23456789012345678" + reason);
    assertError("data.n == 12345678901234567890", 10, "the number 12345678901234567890" + reason);
    assertError("data.n == 1e308", 10, "the number 1e308" + reason);
    assertError("data.n == -1e-308", 10, "the number -1e-308" + reason);
    assertError("data.n == 1e99999999999", 10, "the number 1e99999999999" + reason);
    assertEquals(10, error("data.n == '1.23456789012345678'::FLOAT").position());
    assertEquals(10, error("data.n == '12345678901234567890'::INTEGER").position());
  }

  @Test
  void numbersEveryDatabaseHoldsExactlyAreAccepted() {
    for (String n :
        new String[] {
          "9223372036854775807",
          "-9223372036854775808",
          "9007199254740993",
          "1e20",
          "1.23456789012345",
          "-1.23456789012345e-300",
          "1e-307",
          "9.99999999999999e307",
          "0e-5000"
        }) {
      Filter.parse("data.n == " + n);
    }
    assertEquals(
        new io.eventrelay.filter.NumberLiteral(java.math.BigDecimal.ZERO),
        ((io.eventrelay.filter.Comparison) Filter.parse("data.n == 0e-5000").expression()).value());
  }

  @Test
  void stringsWithNulAndOverlongListsAreErrors() {
    assertError("data.s == 'a\0b'", 10, "a string cannot contain the NUL character (U+0000)");
    String thousand = "data.n in [" + "1, ".repeat(999) + "1]";
    Filter.parse(thousand);
    String tooMany = "data.n in [" + "1, ".repeat(1000) + "1]";
    assertError(tooMany, tooMany.length() - 2, "a list may hold at most 1000 values");
  }

  @Test
  void valueOfTheWrongTypeForATopLevelFieldIsAnError() {
    assertError(
        "occurred_at > '2024-01-01'",
        14,
        "occurred_at is a time, so the value must be a date or date-time like '2024-01-01'::DATE or '2024-01-05T10:00:00Z'::DATETIME");
    assertEquals(15, error("recorded_at >= 1704067200").position());
    assertError("offset == '5'", 10, "offset is a number, so the value must be a number");
    assertError("name == 5", 8, "name is text, so the value must be a quoted string");
    assertEquals(8, error("name == true").position());
    assertEquals(8, error("name == '2024-01-01'::DATE").position());
    assertError(
        "id == 'not-a-uuid'",
        6,
        "id is a UUID, so the value must be a quoted UUID like '0190b8c4-5f6e-7a1b-9c2d-3e4f5a6b7c8d'");
    assertEquals(37, error("available_at in ['2024-01-01'::DATE, 5]").position());
    assertEquals(23, error("user_key in ['a', 'b', 3]").position());
  }

  @Test
  void operatorThatDoesNotApplyIsAnErrorAtTheOperator() {
    assertError(
        "occurred_at contains '2024-01-01'::DATE",
        12,
        "'contains' does not apply to occurred_at, which is a time");
    assertError("offset contains 1", 7, "'contains' does not apply to offset, which is a number");
    assertError(
        "id contains '0190b8c4-5f6e-7a1b-9c2d-3e4f5a6b7c8d'",
        3,
        "'contains' does not apply to id, which is a UUID");
    assertError(
        "data.flag > true", 10, "'>' does not apply to booleans, which only support == and !=");
    assertEquals(10, error("data.flag <= false").position());
  }

  private static FilterSyntaxException error(String text) {
    return assertThrows(FilterSyntaxException.class, () -> Filter.parse(text), text);
  }

  private static void assertError(String text, int position, String reason) {
    FilterSyntaxException e = error(text);
    assertAll(
        text,
        () -> assertEquals(reason, e.reason()),
        () -> assertEquals(position, e.position()),
        () -> assertEquals(text, e.filter()));
  }
}
