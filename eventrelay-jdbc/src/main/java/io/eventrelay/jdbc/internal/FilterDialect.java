package io.eventrelay.jdbc.internal;

import io.eventrelay.filter.JsonPath;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.Operator;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SQLDialect;

/** What differs between databases when {@link FilterSql} renders a filter. */
interface FilterDialect {

  /** The filter rendering for a jOOQ dialect. */
  static FilterDialect of(SQLDialect dialect) {
    switch (dialect.family()) {
      case SQLITE:
        return FilterSqlite.INSTANCE;
      case POSTGRES:
        return FilterPostgres.INSTANCE;
      default:
        throw new IllegalArgumentException(
            "filters render to SQLite and PostgreSQL only (was " + dialect + ")");
    }
  }

  /** A text column as compared by {@code <, <=, >, >=}: by code point (UTF-8 byte order). */
  Field<Object> ordered(Field<Object> text);

  /** Whether {@code text} contains {@code part}, case-sensitively. */
  Condition containsText(Field<Object> text, Field<Object> part);

  /** A bind value comparable with a UUID column, from a canonical lower-case UUID. */
  Field<Object> uuid(String canonical);

  /** A bind value for a number compared with a numeric column. */
  Field<Object> number(NumberLiteral number);

  /** {@code path OP value} on a JSON document column. */
  Condition json(JsonPath path, Operator op, Literal value);
}
