package io.eventrelay.internal.filter;

import io.eventrelay.filter.BooleanLiteral;
import io.eventrelay.filter.InstantLiteral;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.ScalarLiteral;
import io.eventrelay.filter.StringLiteral;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/** A cast suffix ({@code ::DATE}, …) and the conversion it applies at parse time. */
enum FilterCast {
  DATE("a date like '2024-01-01'"),
  DATETIME("a date-time with Z or an offset, like '2024-01-05T10:00:00Z' or '…T10:00:00+02:00'"),
  INTEGER("a whole number like 42 or '42'"),
  FLOAT("a number like 1.5 or '1.5'"),
  BOOLEAN("true, false, 'true' or 'false'");

  /** How many significant digits a number that is not a 64-bit integer may have. */
  static final int MAX_DIGITS = 15;

  private static final BigDecimal SMALLEST = new BigDecimal("1e-307");
  private static final BigDecimal TOO_LARGE = new BigDecimal("1e308");

  private static final Pattern INTEGER_TEXT = Pattern.compile("-?[0-9]+");
  private static final Pattern NUMBER_TEXT =
      Pattern.compile("-?[0-9]+(?:[.][0-9]+)?(?:[eE][+-]?[0-9]+)?");

  private final String expected;

  FilterCast(String expected) {
    this.expected = expected;
  }

  /** The cast with this name, ignoring case, or null. */
  static FilterCast named(String word) {
    for (FilterCast c : values()) {
      if (c.name().equalsIgnoreCase(word)) {
        return c;
      }
    }
    return null;
  }

  /** What a literal must be to convert, for error messages. */
  String expected() {
    return expected;
  }

  /** The converted literal, or null when {@code literal} does not convert. */
  ScalarLiteral apply(ScalarLiteral literal) {
    String text = literal instanceof StringLiteral s ? s.value() : null;
    switch (this) {
      case DATE:
        return text == null ? null : instant(IsoInstants.dateMicros(text));
      case DATETIME:
        return text == null ? null : instant(IsoInstants.dateTimeMicros(text));
      case INTEGER:
        if (literal instanceof NumberLiteral n) {
          return n.isIntegral() ? n : null;
        }
        return text != null && INTEGER_TEXT.matcher(text).matches() ? number(text) : null;
      case FLOAT:
        if (literal instanceof NumberLiteral n) {
          return n;
        }
        return text != null && NUMBER_TEXT.matcher(text).matches() ? number(text) : null;
      default:
        if (literal instanceof BooleanLiteral b) {
          return b;
        }
        return "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)
            ? new BooleanLiteral(text.toLowerCase(Locale.ROOT).equals("true"))
            : null;
    }
  }

  /**
   * The number written {@code text} (in the filter language's number syntax), or null unless it is
   * a 64-bit integer or has at most {@link #MAX_DIGITS} significant digits and a size from 1e-307
   * to 1e308: numbers every engine holds exactly (see {@link NumberLiteral}).
   */
  static NumberLiteral number(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException exponentOverflow) {
      return null;
    }
    if (value.signum() == 0) {
      return new NumberLiteral(BigDecimal.ZERO);
    }
    NumberLiteral number = new NumberLiteral(value);
    if (number.isLong()) {
      return number;
    }
    BigDecimal size = value.abs();
    boolean exact =
        value.stripTrailingZeros().precision() <= MAX_DIGITS
            && size.compareTo(SMALLEST) >= 0
            && size.compareTo(TOO_LARGE) < 0;
    return exact ? number : null;
  }

  private static ScalarLiteral instant(long micros) {
    if (micros == IsoInstants.INVALID) {
      return null;
    }
    return new InstantLiteral(
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
  }
}
