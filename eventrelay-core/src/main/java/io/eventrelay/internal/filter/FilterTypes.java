package io.eventrelay.internal.filter;

import io.eventrelay.FilterSyntaxException;
import io.eventrelay.filter.BooleanLiteral;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.Field;
import io.eventrelay.filter.InstantLiteral;
import io.eventrelay.filter.ListLiteral;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.Operator;
import io.eventrelay.filter.ScalarLiteral;
import io.eventrelay.filter.StringLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The parse-time type rules: which literals and operators suit which fields. A filter that breaks
 * one is a syntax error rather than a filter that silently matches nothing.
 */
final class FilterTypes {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private FilterTypes() {}

  /**
   * The value to compare with, checked (and, for UUIDs, normalized to lower case).
   *
   * @param opPosition where the operator starts
   * @param starts where each scalar of {@code value} starts, in order
   * @param error makes the exception for a position and a reason
   * @throws FilterSyntaxException if the value or operator does not suit the field
   */
  static Literal check(
      Field field,
      Operator op,
      int opPosition,
      Literal value,
      List<Integer> starts,
      BiFunction<Integer, String, FilterSyntaxException> error) {
    if (op.isOrdering() && value instanceof BooleanLiteral) {
      throw error.apply(
          opPosition,
          "'" + op.symbol() + "' does not apply to booleans, which only support == and !=");
    }
    if (!(field instanceof EventField f)) {
      return value;
    }
    if (op == Operator.CONTAINS && f.type() != EventField.Type.TEXT) {
      throw error.apply(
          opPosition, "'contains' does not apply to " + f.text() + ", which is " + noun(f));
    }
    if (value instanceof ListLiteral list) {
      List<ScalarLiteral> checked = new ArrayList<>();
      for (int i = 0; i < list.elements().size(); i++) {
        checked.add(scalar(f, list.elements().get(i), starts.get(i), error));
      }
      return new ListLiteral(checked);
    }
    return scalar(f, (ScalarLiteral) value, starts.get(0), error);
  }

  private static ScalarLiteral scalar(
      EventField f,
      ScalarLiteral value,
      int position,
      BiFunction<Integer, String, FilterSyntaxException> error) {
    switch (f.type()) {
      case TEXT:
        if (value instanceof StringLiteral) {
          return value;
        }
        throw error.apply(position, f.text() + " is text, so the value must be a quoted string");
      case UUID:
        if (value instanceof StringLiteral s && UUID.matcher(s.value()).matches()) {
          return new StringLiteral(s.value().toLowerCase(Locale.ROOT));
        }
        throw error.apply(
            position,
            f.text()
                + " is a UUID, so the value must be a quoted UUID like"
                + " '0190b8c4-5f6e-7a1b-9c2d-3e4f5a6b7c8d'");
      case TIME:
        if (value instanceof InstantLiteral) {
          return value;
        }
        throw error.apply(
            position,
            f.text()
                + " is a time, so the value must be a date or date-time like '2024-01-01'::DATE"
                + " or '2024-01-05T10:00:00Z'::DATETIME");
      default:
        if (value instanceof NumberLiteral) {
          return value;
        }
        throw error.apply(position, f.text() + " is a number, so the value must be a number");
    }
  }

  private static String noun(EventField f) {
    switch (f.type()) {
      case UUID:
        return "a UUID";
      case TIME:
        return "a time";
      default:
        return "a number";
    }
  }
}
