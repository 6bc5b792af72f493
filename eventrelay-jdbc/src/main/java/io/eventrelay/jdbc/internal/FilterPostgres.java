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
import org.jooq.QueryPart;
import org.jooq.impl.DSL;

/**
 * Filters on PostgreSQL. JSON values stay {@code jsonb}: numbers and booleans are compared as
 * {@code jsonb} with {@code to_jsonb} of a typed bind value (numeric equality and order, no cast of
 * stored text that could fail), strings as text in {@code COLLATE "C"} (code point order). Every
 * test checks {@code jsonb_typeof} too, because {@code jsonb} orders values of different types
 * against each other. PostgreSQL may evaluate the parts of an {@code AND} in any order, so no part
 * relies on another to be safe.
 */
final class FilterPostgres implements FilterDialect {
  static final FilterPostgres INSTANCE = new FilterPostgres();

  /** An element of an array, as a row of {@code jsonb_array_elements(...) AS e(v)}. */
  private static final Field<Object> ELEMENT = field("e.v");

  /** Splits the text {@code {0}} into date parts; no row unless it has a date's shape. */
  private static final String DATE_PARTS =
      "SELECT CAST(r.m[1] AS bigint) AS y, CAST(r.m[2] AS bigint) AS mo,"
          + " CAST(r.m[3] AS bigint) AS d, COALESCE(CAST(r.m[4] AS bigint), 0) AS h,"
          + " COALESCE(CAST(r.m[5] AS bigint), 0) AS mi, COALESCE(CAST(r.m[6] AS bigint), 0) AS sec,"
          + " COALESCE(CAST(rpad(r.m[7], 6, '0') AS bigint), 0) AS frac,"
          + " CASE WHEN r.m[8] = '-' THEN -1 ELSE 1 END AS sign,"
          + " COALESCE(CAST(r.m[9] AS bigint), 0) AS oh, COALESCE(CAST(r.m[10] AS bigint), 0) AS om"
          + " FROM regexp_match({0}, '^([0-9]{4})-([0-9]{2})-([0-9]{2})"
          + "(?:T([0-9]{2}):([0-5][0-9]):([0-5][0-9])(?:[.]([0-9]{1,9}))?"
          + "(?:Z|([+-])([0-9]{2}):([0-9]{2})))?$') AS r(m)"
          + " WHERE r.m IS NOT NULL";

  private static final String MICROS = FilterInstants.template(DATE_PARTS);

  private FilterPostgres() {}

  @Override
  public Field<Object> ordered(Field<Object> text) {
    return field("{0} COLLATE \"C\"", text);
  }

  @Override
  public Condition containsText(Field<Object> text, Field<Object> part) {
    return condition("strpos({0}, {1}) > 0", text, part);
  }

  @Override
  public Field<Object> uuid(String canonical) {
    return field("CAST({0} AS uuid)", val((Object) canonical));
  }

  @Override
  public Field<Object> number(NumberLiteral number) {
    if (number.isLong()) {
      return val((Object) number.value().longValueExact());
    }
    return field("CAST({0} AS numeric)", val((Object) number.value()));
  }

  @Override
  public Condition json(JsonPath path, Operator op, Literal value) {
    Field<Object> j = jsonb(path);
    switch (op) {
      case IN:
        return equalsAny(j, ((ListLiteral) value).elements());
      case EQ:
        return equalsAny(j, List.of((ScalarLiteral) value));
      case CONTAINS:
        Condition member =
            condition(
                "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof({0}) = 'array'"
                    + " THEN {0} ELSE '[]'::jsonb END) AS e(v) WHERE {1})",
                j, equalsAny(ELEMENT, List.of((ScalarLiteral) value)));
        if (value instanceof StringLiteral s) {
          return is(j, "string").and(containsText(text(j), val((Object) s.value()))).or(member);
        }
        return member;
      default:
        return compare(j, op, (ScalarLiteral) value);
    }
  }

  /** The value at the path, with each segment a bind value; SQL {@code NULL} when absent. */
  static Field<Object> jsonb(JsonPath path) {
    Field<Object> document = field(name(path.document().column()));
    if (path.segments().isEmpty()) {
      return document;
    }
    List<QueryPart> parts = new ArrayList<>();
    parts.add(document);
    StringBuilder sql = new StringBuilder("jsonb_extract_path({0}");
    for (String segment : path.segments()) {
      sql.append(", CAST({").append(parts.size()).append("} AS text)");
      parts.add(val((Object) segment));
    }
    return field(sql.append(')').toString(), parts.toArray(QueryPart[]::new));
  }

  /** The value equals one of {@code values}, type and all. */
  private Condition equalsAny(Field<Object> j, List<ScalarLiteral> values) {
    List<Field<Object>> strings = new ArrayList<>();
    List<Field<Object>> numbers = new ArrayList<>();
    List<Field<Object>> booleans = new ArrayList<>();
    List<Field<Object>> instants = new ArrayList<>();
    for (ScalarLiteral literal : values) {
      if (literal instanceof StringLiteral s) {
        strings.add(val((Object) s.value()));
      } else if (literal instanceof NumberLiteral n) {
        numbers.add(jsonNumber(n));
      } else if (literal instanceof BooleanLiteral b) {
        booleans.add(jsonBoolean(b));
      } else {
        instants.add(val((Object) ((InstantLiteral) literal).epochMicros()));
      }
    }
    List<Condition> any = new ArrayList<>();
    if (!strings.isEmpty()) {
      any.add(is(j, "string").and(text(j).in(strings)));
    }
    if (!numbers.isEmpty()) {
      any.add(is(j, "number").and(j.in(numbers)));
    }
    if (!booleans.isEmpty()) {
      any.add(is(j, "boolean").and(j.in(booleans)));
    }
    if (!instants.isEmpty()) {
      any.add(is(j, "string").and(micros(text(j)).in(instants)));
    }
    return any.isEmpty() ? DSL.falseCondition() : DSL.or(any);
  }

  /** {@code value OP literal} for {@code !=} and the ordering operators. */
  private Condition compare(Field<Object> j, Operator op, ScalarLiteral literal) {
    if (literal instanceof StringLiteral s) {
      return is(j, "string").and(FilterSql.compare(ordered(text(j)), op, val((Object) s.value())));
    }
    if (literal instanceof NumberLiteral n) {
      return is(j, "number").and(FilterSql.compare(j, op, jsonNumber(n)));
    }
    if (literal instanceof BooleanLiteral b) {
      return is(j, "boolean").and(FilterSql.compare(j, op, jsonBoolean(b)));
    }
    return is(j, "string")
        .and(
            FilterSql.compare(
                micros(text(j)), op, val((Object) ((InstantLiteral) literal).epochMicros())));
  }

  private static Condition is(Field<Object> j, String type) {
    switch (type) {
      case "string":
        return condition("jsonb_typeof({0}) = 'string'", j);
      case "number":
        return condition("jsonb_typeof({0}) = 'number'", j);
      default:
        return condition("jsonb_typeof({0}) = 'boolean'", j);
    }
  }

  /** A JSON string's text (any other value's JSON text, which callers never compare). */
  private static Field<Object> text(Field<Object> j) {
    return field("({0} #>> '{}')", j);
  }

  private static Field<Object> jsonNumber(NumberLiteral n) {
    return field("to_jsonb(CAST({0} AS numeric))", val((Object) n.value()));
  }

  private static Field<Object> jsonBoolean(BooleanLiteral b) {
    return field("to_jsonb(CAST({0} AS boolean))", val((Object) b.value()));
  }

  private static Field<Object> micros(Field<Object> text) {
    return field(MICROS, text);
  }
}
