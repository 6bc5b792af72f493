package io.eventrelay.internal.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrelay.filter.BooleanLiteral;
import io.eventrelay.filter.InstantLiteral;
import io.eventrelay.filter.ListLiteral;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.Operator;
import io.eventrelay.filter.ScalarLiteral;
import io.eventrelay.filter.StringLiteral;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The comparison rules of the filter language, applied to a present, non-null JSON value: strict
 * types, numbers by value, strings by code point, instants chronologically.
 */
final class JsonComparisons {
  /** What a comparator returns for a value of another type, which no operator matches. */
  static final int NOT_COMPARABLE = Integer.MIN_VALUE;

  private JsonComparisons() {}

  /** The test {@code value OP literal}, for a value that is present and not JSON null. */
  static Predicate<JsonNode> test(Operator op, Literal literal) {
    if (op == Operator.IN) {
      List<ToIntFunction<JsonNode>> members =
          ((ListLiteral) literal).elements().stream().map(JsonComparisons::comparator).toList();
      return v -> {
        for (ToIntFunction<JsonNode> member : members) {
          if (member.applyAsInt(v) == 0) {
            return true;
          }
        }
        return false;
      };
    }
    ToIntFunction<JsonNode> compare = comparator((ScalarLiteral) literal);
    switch (op) {
      case EQ:
        return v -> compare.applyAsInt(v) == 0;
      case NE:
        return v -> {
          int c = compare.applyAsInt(v);
          return c != NOT_COMPARABLE && c != 0;
        };
      case GT:
        return v -> compare.applyAsInt(v) > 0;
      case GE:
        return v -> compare.applyAsInt(v) >= 0;
      case LT:
        return v -> {
          int c = compare.applyAsInt(v);
          return c != NOT_COMPARABLE && c < 0;
        };
      case LE:
        return v -> {
          int c = compare.applyAsInt(v);
          return c != NOT_COMPARABLE && c <= 0;
        };
      default:
        String part = literal instanceof StringLiteral s ? s.value() : null;
        return v -> {
          if (v.isTextual()) {
            return part != null && v.textValue().contains(part);
          }
          if (v.isArray()) {
            for (JsonNode element : v) {
              if (compare.applyAsInt(element) == 0) {
                return true;
              }
            }
          }
          return false;
        };
    }
  }

  /**
   * Compares a JSON value with the literal: the sign of {@code value - literal}, or {@link
   * #NOT_COMPARABLE} when the value is of another type (JSON null included).
   */
  private static ToIntFunction<JsonNode> comparator(ScalarLiteral literal) {
    if (literal instanceof StringLiteral s) {
      String text = s.value();
      return v ->
          v.isTextual() ? Integer.signum(compareCodePoints(v.textValue(), text)) : NOT_COMPARABLE;
    }
    if (literal instanceof NumberLiteral n) {
      BigDecimal number = n.isLong() ? n.value() : new BigDecimal(n.value().doubleValue());
      return v -> {
        BigDecimal d = v.isNumber() ? decimal(v) : null;
        return d == null ? NOT_COMPARABLE : d.compareTo(number);
      };
    }
    if (literal instanceof BooleanLiteral b) {
      boolean bool = b.value();
      return v -> v.isBoolean() ? Boolean.compare(v.booleanValue(), bool) : NOT_COMPARABLE;
    }
    long micros = ((InstantLiteral) literal).epochMicros();
    return v -> {
      long t = v.isTextual() ? IsoInstants.micros(v.textValue()) : IsoInstants.INVALID;
      return t == IsoInstants.INVALID ? NOT_COMPARABLE : Long.compare(t, micros);
    };
  }

  /**
   * A JSON number as SQLite reads its stored text: a whole number within 64 bits exactly, any other
   * as the nearest double (Jackson reads JSON text the same way). A float node is written as its
   * shortest decimal text, so it is read back from that text. Null for a non-finite value. Literals
   * are compared by the same rule, so memory and SQLite always agree; see {@link NumberLiteral}.
   */
  private static BigDecimal decimal(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return BigDecimal.valueOf(v.longValue());
    }
    if (v.isBigDecimal()) {
      NumberLiteral n = new NumberLiteral(v.decimalValue());
      if (n.isLong()) {
        return n.value();
      }
    }
    double d = v.isFloat() ? Double.parseDouble(v.asText()) : v.doubleValue();
    return Double.isFinite(d) ? new BigDecimal(d) : null;
  }

  /** Orders strings by Unicode code point, like the byte order of UTF-8. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(i);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
    }
    return Integer.compare(a.length(), b.length());
  }
}
