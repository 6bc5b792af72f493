package io.eventrelay.jdbc.internal;

import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import io.eventrelay.filter.BooleanLiteral;
import io.eventrelay.filter.InstantLiteral;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.filter.ListLiteral;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.Operator;
import io.eventrelay.filter.ScalarLiteral;
import io.eventrelay.filter.StringLiteral;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Filters on SQLite, whose JSON functions give a value's type ({@code json_type}: {@code text},
 * {@code integer}, {@code real}, {@code true}, {@code false}, {@code null}, {@code array}, {@code
 * object}) apart from its SQL value ({@code json_extract}, where true is 1). Tests always check the
 * type, so that the number 1 never passes for true, nor {@code '30'} for 30. Text compares with the
 * default {@code BINARY} collation, which is code point order.
 */
final class FilterSqlite implements FilterDialect {
  static final FilterSqlite INSTANCE = new FilterSqlite();

  /** A JSON value: its {@code json_type} and its SQL value. */
  private record Json(Field<Object> type, Field<Object> value) {}

  /** An element of an array, as a row of {@code json_each(...) AS e}. */
  private static final Json ELEMENT = new Json(field("e.type"), field("e.value"));

  /** Splits the text {@code {0}} into date parts; no row unless it has a date's shape. */
  private static final String DATE_PARTS =
      "SELECT CAST(substr(v, 1, 4) AS INTEGER) AS y, CAST(substr(v, 6, 2) AS INTEGER) AS mo,"
          + " CAST(substr(v, 9, 2) AS INTEGER) AS d, CAST(substr(v, 12, 2) AS INTEGER) AS h,"
          + " CAST(substr(v, 15, 2) AS INTEGER) AS mi, CAST(substr(v, 18, 2) AS INTEGER) AS sec,"
          + " CAST(substr(substr(f, 2) || '000000', 1, 6) AS INTEGER) AS frac,"
          + " CASE WHEN substr(z, 1, 1) = '-' THEN -1 ELSE 1 END AS sign,"
          + " CAST(substr(z, 2, 2) AS INTEGER) AS oh, CAST(substr(z, 5, 2) AS INTEGER) AS om"
          + " FROM (SELECT v, z, CASE WHEN length(v) = 10 THEN ''"
          + " ELSE substr(v, 20, length(v) - 19 - length(z)) END AS f"
          + " FROM (SELECT v, CASE WHEN length(v) = 10 THEN ''"
          + " WHEN substr(v, -1) = 'Z' THEN 'Z' ELSE substr(v, -6) END AS z"
          + " FROM (SELECT {0} AS v)))"
          + " WHERE v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
          + " OR (substr(v, 1, 19)"
          + " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-5][0-9]:[0-5][0-9]'"
          + " AND (z = 'Z' OR z GLOB '[+-][0-9][0-9]:[0-9][0-9]')"
          + " AND (f = '' OR (length(f) BETWEEN 2 AND 10 AND f GLOB '.[0-9]*'"
          + " AND substr(f, 2) NOT GLOB '*[^0-9]*')))";

  private static final String MICROS = FilterInstants.template(DATE_PARTS);

  private FilterSqlite() {}

  @Override
  public Field<Object> ordered(Field<Object> text) {
    return text;
  }

  @Override
  public Condition containsText(Field<Object> text, Field<Object> part) {
    return condition("instr({0}, {1}) > 0", text, part);
  }

  @Override
  public Field<Object> uuid(String canonical) {
    return val((Object) canonical);
  }

  /** A whole number that fits as an INTEGER, any other as a REAL (SQLite's two number types). */
  @Override
  public Field<Object> number(NumberLiteral number) {
    if (number.isLong()) {
      return val((Object) number.value().longValueExact());
    }
    return val((Object) number.value().doubleValue());
  }

  @Override
  public Condition json(JsonPath path, Operator op, Literal value) {
    Field<Object> document = field(name(path.document().column()));
    Field<Object> at = val((Object) jsonPath(path.segments()));
    Json v =
        new Json(
            field("json_type({0}, {1})", document, at),
            field("json_extract({0}, {1})", document, at));
    switch (op) {
      case IN:
        return equalsAny(v, ((ListLiteral) value).elements());
      case EQ:
        return equalsAny(v, List.of((ScalarLiteral) value));
      case CONTAINS:
        Condition member =
            condition(
                "{0} = 'array' AND EXISTS (SELECT 1 FROM json_each({1}, {2}) AS e WHERE {3})",
                v.type(), document, at, equalsAny(ELEMENT, List.of((ScalarLiteral) value)));
        if (value instanceof StringLiteral s) {
          return condition("{0} = 'text'", v.type())
              .and(containsText(v.value(), val((Object) s.value())))
              .or(member);
        }
        return member;
      default:
        return compare(v, op, (ScalarLiteral) value);
    }
  }

  /** {@code $."a"."b"}: segments are identifiers, quoted all the same. */
  static String jsonPath(List<String> segments) {
    StringBuilder path = new StringBuilder("$");
    for (String s : segments) {
      path.append(".\"").append(s).append('"');
    }
    return path.toString();
  }

  /** The value equals one of {@code values}, type and all. */
  private Condition equalsAny(Json v, List<ScalarLiteral> values) {
    List<Field<Object>> strings = new ArrayList<>();
    List<Field<Object>> numbers = new ArrayList<>();
    List<Field<Object>> booleans = new ArrayList<>();
    List<Field<Object>> instants = new ArrayList<>();
    for (ScalarLiteral literal : values) {
      if (literal instanceof StringLiteral s) {
        strings.add(val((Object) s.value()));
      } else if (literal instanceof NumberLiteral n) {
        numbers.add(number(n));
      } else if (literal instanceof BooleanLiteral b) {
        booleans.add(val((Object) (b.value() ? "true" : "false")));
      } else {
        instants.add(val((Object) ((InstantLiteral) literal).epochMicros()));
      }
    }
    List<Condition> any = new ArrayList<>();
    if (!strings.isEmpty()) {
      any.add(isText(v).and(v.value().in(strings)));
    }
    if (!numbers.isEmpty()) {
      any.add(isNumber(v).and(v.value().in(numbers)));
    }
    if (!booleans.isEmpty()) {
      any.add(v.type().in(booleans));
    }
    if (!instants.isEmpty()) {
      any.add(isText(v).and(micros(v.value()).in(instants)));
    }
    return any.isEmpty() ? DSL.falseCondition() : DSL.or(any);
  }

  /** {@code value OP literal} for {@code !=} and the ordering operators. */
  private Condition compare(Json v, Operator op, ScalarLiteral literal) {
    if (literal instanceof StringLiteral s) {
      return isText(v).and(FilterSql.compare(v.value(), op, val((Object) s.value())));
    }
    if (literal instanceof NumberLiteral n) {
      return isNumber(v).and(FilterSql.compare(v.value(), op, number(n)));
    }
    if (literal instanceof BooleanLiteral b) {
      // Only != reaches here: the parser rejects ordering operators with booleans.
      return v.type().eq(val((Object) (b.value() ? "false" : "true")));
    }
    return isText(v)
        .and(
            FilterSql.compare(
                micros(v.value()), op, val((Object) ((InstantLiteral) literal).epochMicros())));
  }

  private static Condition isText(Json v) {
    return condition("{0} = 'text'", v.type());
  }

  private static Condition isNumber(Json v) {
    return condition("{0} IN ('integer', 'real')", v.type());
  }

  private static Field<Object> micros(Field<Object> text) {
    return field(MICROS, text);
  }
}
