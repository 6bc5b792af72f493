package io.eventrelay.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Filter;
import io.eventrelay.filter.And;
import io.eventrelay.filter.BooleanLiteral;
import io.eventrelay.filter.Comparison;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.Expression;
import io.eventrelay.filter.Field;
import io.eventrelay.filter.InstantLiteral;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.filter.ListLiteral;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.Operator;
import io.eventrelay.filter.Or;
import io.eventrelay.filter.ScalarLiteral;
import io.eventrelay.filter.StringLiteral;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterParserTest {

  @Test
  void andBindsTighterThanOr() {
    assertEquals(
        new Or(
            List.of(
                eq(data("a"), num("1")),
                new And(List.of(eq(data("b"), num("2")), eq(data("c"), num("3")))))),
        parse("data.a == 1 OR data.b == 2 AND data.c == 3"));
    assertEquals(
        new Or(
            List.of(
                new And(List.of(eq(data("a"), num("1")), eq(data("b"), num("2")))),
                eq(data("c"), num("3")))),
        parse("data.a == 1 AND data.b == 2 OR data.c == 3"));
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertEquals(
        new And(
            List.of(
                new Or(List.of(eq(data("a"), num("1")), eq(data("b"), num("2")))),
                eq(data("c"), num("3")))),
        parse("(data.a == 1 OR data.b == 2) AND data.c == 3"));
  }

  @Test
  void nestedAndsAndOrsAreFlattenedAndRedundantParenthesesVanish() {
    assertEquals(
        new And(List.of(eq(data("a"), num("1")), eq(data("b"), num("2")), eq(data("c"), num("3")))),
        parse("data.a == 1 AND (data.b == 2 AND (data.c == 3))"));
    assertEquals(
        new Or(List.of(eq(data("a"), num("1")), eq(data("b"), num("2")), eq(data("c"), num("3")))),
        parse("((data.a == 1 OR data.b == 2)) OR data.c == 3"));
    assertEquals(eq(data("a"), num("1")), parse("(((data.a == 1)))"));
  }

  @Test
  void everyOperatorParses() {
    Map<String, Operator> symbols =
        Map.of(
            "==",
            Operator.EQ,
            "!=",
            Operator.NE,
            ">",
            Operator.GT,
            ">=",
            Operator.GE,
            "<",
            Operator.LT,
            "<=",
            Operator.LE);
    symbols.forEach(
        (symbol, op) ->
            assertEquals(
                new Comparison(data("n"), op, num("5")), parse("data.n " + symbol + " 5"), symbol));
    assertEquals(new Comparison(data("n"), Operator.IN, list(num("5"))), parse("data.n in [5]"));
    assertEquals(
        new Comparison(data("n"), Operator.CONTAINS, str("x")), parse("data.n contains 'x'"));
  }

  @Test
  void operatorsNeedNoSurroundingSpace() {
    assertEquals(
        new And(List.of(eq(data("a"), num("1")), new Comparison(data("b"), Operator.GE, str("x")))),
        parse("data.a==1 AND data.b>='x'"));
    assertEquals(eq(field(EventField.NAME), str("x")), parse("\tname\n==\r\n'x'  "));
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Expression expected =
        new Or(
            List.of(
                new And(
                    List.of(
                        eq(field(EventField.NAME), str("a")),
                        new Comparison(data("t"), Operator.CONTAINS, str("b")))),
                new Comparison(
                    data("n"),
                    Operator.IN,
                    list(new BooleanLiteral(true), new BooleanLiteral(false)))));
    assertEquals(expected, parse("name == 'a' AND data.t CONTAINS 'b' OR data.n IN [TRUE, FALSE]"));
    assertEquals(expected, parse("name == 'a' and data.t contains 'b' or data.n in [true, false]"));
    assertEquals(expected, parse("name == 'a' aNd data.t Contains 'b' oR data.n In [True, fAlSe]"));
  }

  @Test
  void stringLiteralsDoubleAQuoteToEscapeItAndKeepBackslashesLiterally() {
    assertEquals(str("it's"), value("data.s == 'it''s'"));
    assertEquals(str("''"), value("data.s == ''''''"));
    assertEquals(str(""), value("data.s == ''"));
    assertEquals(str("a\\b"), value("data.s == 'a\\b'"));
    assertEquals(
        str("x'; DROP TABLE eventrelay_events; --"),
        value("data.s == 'x''; DROP TABLE eventrelay_events; --'"));
    assertEquals(str(" AND name == (x) "), value("data.s == ' AND name == (x) '"));
    assertEquals(str("héllo ☃ \uD83D\uDE00"), value("data.s == 'héllo ☃ \uD83D\uDE00'"));
  }

  @Test
  void numbersMayBeNegativeFractionalOrHaveAnExponent() {
    assertEquals(num("42"), value("data.n == 42"));
    assertEquals(num("-42"), value("data.n == -42"));
    assertEquals(num("3.25"), value("data.n == 3.25"));
    assertEquals(num("-0.5"), value("data.n == -0.5"));
    assertEquals(num("1500"), value("data.n == 1.5e3"));
    assertEquals(num("0.015"), value("data.n == 1.5E-2"));
    assertEquals(num("30"), value("data.n == 30.0"));
  }

  @Test
  void booleansParseInAnyCase() {
    assertEquals(new BooleanLiteral(true), value("data.b == TRUE"));
    assertEquals(new BooleanLiteral(false), value("data.b != False"));
  }

  @Test
  void listsMayMixTypesAndBeEmpty() {
    assertEquals(
        list(str("a"), num("3"), new BooleanLiteral(true), num("-1.5")),
        value("data.x in ['a', 3, true, -1.5]"));
    assertEquals(list(), value("data.x in []"));
    assertEquals(list(str("a")), value("data.x in [ 'a' ]"));
  }

  @Test
  void castsConvertLiteralsAndIgnoreCase() {
    assertEquals(instant("2024-01-01T00:00:00Z"), value("occurred_at > '2024-01-01'::DATE"));
    assertEquals(instant("2024-01-01T00:00:00Z"), value("occurred_at > '2024-01-01'::date"));
    assertEquals(
        instant("2024-01-05T10:00:00Z"), value("occurred_at > '2024-01-05T10:00:00Z'::DATETIME"));
    assertEquals(
        instant("2024-01-05T08:00:00Z"),
        value("occurred_at > '2024-01-05T10:00:00+02:00'::DateTime"));
    assertEquals(
        instant("2024-01-05T13:30:00.123456Z"),
        value("occurred_at > '2024-01-05T10:00:00.123456789-03:30'::DATETIME"));
    assertEquals(num("30"), value("data.n == '30'::INTEGER"));
    assertEquals(num("-7"), value("data.n == '-7'::integer"));
    assertEquals(num("30"), value("data.n == 30.0::INTEGER"));
    assertEquals(num("1.5"), value("data.n == '1.5'::FLOAT"));
    assertEquals(num("2"), value("data.n == 2::FLOAT"));
    assertEquals(new BooleanLiteral(true), value("data.b == 'TRUE'::BOOLEAN"));
    assertEquals(new BooleanLiteral(false), value("data.b == false::boolean"));
    assertEquals(
        list(instant("2024-01-01T00:00:00Z"), num("3")),
        value("data.d in ['2024-01-01'::DATE, '3'::INTEGER]"));
  }

  @Test
  void everyEventFieldResolvesByItsSnakeCaseName() {
    assertEquals(eq(field(EventField.NAME), str("x")), parse("name == 'x'"));
    assertEquals(new Comparison(EventField.OFFSET, Operator.GT, num("5")), parse("offset > 5"));
    for (EventField f : EventField.values()) {
      String value =
          switch (f.type()) {
            case TEXT -> "'x'";
            case UUID -> "'0190b8c4-5f6e-7a1b-9c2d-3e4f5a6b7c8d'";
            case TIME -> "'2024-01-01'::DATE";
            case INTEGER -> "1";
          };
      assertSame(f, ((Comparison) parse(f.text() + " == " + value)).field(), f.text());
    }
    assertEquals("event_offset", EventField.OFFSET.column());
  }

  @Test
  void uuidLiteralsAreNormalizedToLowerCase() {
    assertEquals(
        str("0190b8c4-5f6e-7a1b-9c2d-3e4f5a6b7c8d"),
        value("id == '0190B8C4-5F6E-7A1B-9C2D-3E4F5A6B7C8D'"));
    assertEquals(
        list(str("0190b8c4-5f6e-7a1b-9c2d-3e4f5a6b7c8d")),
        value("prev_id in ['0190B8C4-5f6e-7a1b-9c2d-3e4f5a6b7c8d']"));
  }

  @Test
  void jsonPathsSplitIntoSegments() {
    assertEquals(
        new JsonPath(JsonPath.Document.DATA, List.of("a", "b_2", "C")),
        ((Comparison) parse("data.a.b_2.C == 1")).field());
    assertEquals(
        new JsonPath(JsonPath.Document.CONTEXT, List.of("x")),
        ((Comparison) parse("context.x == 1")).field());
    assertEquals(
        new JsonPath(JsonPath.Document.DATA, List.of()),
        ((Comparison) parse("data contains 'x'")).field());
    assertEquals(
        new JsonPath(JsonPath.Document.DATA, List.of("and", "or", "in")),
        ((Comparison) parse("data.and.or.in == 1")).field());
    assertEquals("data.a.b", new JsonPath(JsonPath.Document.DATA, List.of("a", "b")).text());
  }

  @Test
  void blankTextIsTheMatchAllFilterAndTextIsKept() {
    assertSame(Filter.all(), Filter.parse(null));
    assertSame(Filter.all(), Filter.parse(""));
    assertSame(Filter.all(), Filter.parse(" \t\n "));
    assertTrue(Filter.all().isAll());
    assertNull(Filter.all().expression());
    assertEquals("", Filter.all().toString());
    assertEquals(
        "name  ==  'x' and offset > 3", Filter.parse("name  ==  'x' and offset > 3").toString());
  }

  @Test
  void filtersAreEqualWhenTheirTreesAreEqual() {
    assertEquals(
        Filter.parse("name == 'x' AND data.n == 30"),
        Filter.parse("(name=='x') and data.n == 30.0"));
    assertEquals(
        Filter.parse("data.n == 30").hashCode(), Filter.parse("data.n == 30.00").hashCode());
  }

  static Expression parse(String text) {
    return Filter.parse(text).expression();
  }

  static Literal value(String text) {
    return ((Comparison) parse(text)).value();
  }

  static Comparison eq(Field field, Literal value) {
    return new Comparison(field, Operator.EQ, value);
  }

  static Field field(EventField f) {
    return f;
  }

  static JsonPath data(String... segments) {
    return new JsonPath(JsonPath.Document.DATA, List.of(segments));
  }

  static StringLiteral str(String s) {
    return new StringLiteral(s);
  }

  static NumberLiteral num(String n) {
    return new NumberLiteral(new BigDecimal(n));
  }

  static InstantLiteral instant(String iso) {
    return new InstantLiteral(Instant.parse(iso));
  }

  static ListLiteral list(ScalarLiteral... elements) {
    return new ListLiteral(List.of(elements));
  }
}
