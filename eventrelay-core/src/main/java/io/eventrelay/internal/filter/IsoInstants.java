package io.eventrelay.internal.filter;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the strict ISO-8601 dates and date-times of the filter language (see {@link
 * io.eventrelay.filter.InstantLiteral}) as microseconds since the Unix epoch.
 *
 * <p>The SQL renderings repeat these exact rules (the PostgreSQL function {@code
 * eventrelay_instant_micros} and the SQLite expression in {@code FilterSqlite}); a change here must
 * be made there too.
 */
public final class IsoInstants {
  /** Returned for text that is not a date or date-time; no accepted text maps to it. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final Pattern FORM =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})"
              + "(?:T([0-9]{2}):([0-5][0-9]):([0-5][0-9])(?:[.]([0-9]{1,9}))?"
              + "(?:Z|([+-])([0-9]{2}):([0-9]{2})))?");
  private static final int DATE_LENGTH = 10;
  private static final int MAX_LENGTH = 35;

  private IsoInstants() {}

  /** The instant of a date ({@code YYYY-MM-DD}) or date-time, or {@link #INVALID}. */
  public static long micros(String text) {
    return micros(text, true, true);
  }

  /** The instant of a date ({@code YYYY-MM-DD}, midnight UTC) only, or {@link #INVALID}. */
  public static long dateMicros(String text) {
    return micros(text, true, false);
  }

  /** The instant of a date-time with {@code Z} or an offset only, or {@link #INVALID}. */
  public static long dateTimeMicros(String text) {
    return micros(text, false, true);
  }

  private static long micros(String text, boolean date, boolean dateTime) {
    int n = text.length();
    if (n < DATE_LENGTH || n > MAX_LENGTH || text.charAt(4) != '-') {
      return INVALID;
    }
    boolean dateOnly = n == DATE_LENGTH;
    if (dateOnly ? !date : !dateTime) {
      return INVALID;
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return INVALID;
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return INVALID;
    }
    long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L;
    if (dateOnly) {
      return seconds * 1_000_000L;
    }
    int hour = Integer.parseInt(m.group(4));
    int offsetHours = m.group(8) == null ? 0 : Integer.parseInt(m.group(9));
    int offsetMinutes = m.group(8) == null ? 0 : Integer.parseInt(m.group(10));
    if (hour > 23 || offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
      return INVALID;
    }
    int sign = "-".equals(m.group(8)) ? -1 : 1;
    seconds +=
        hour * 3600L
            + Integer.parseInt(m.group(5)) * 60L
            + Integer.parseInt(m.group(6))
            - sign * (offsetHours * 3600L + offsetMinutes * 60L);
    return seconds * 1_000_000L + fractionMicros(m.group(7));
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** The first six fraction digits as microseconds; the rest are dropped. */
  private static long fractionMicros(String digits) {
    if (digits == null) {
      return 0;
    }
    String six =
        digits.length() >= 6
            ? digits.substring(0, 6)
            : digits + "000000".substring(digits.length());
    return Long.parseLong(six);
  }
}
