package io.eventrelay.jdbc.internal;

/**
 * SQL that reads a JSON string as a date or date-time of the filter language, to microseconds since
 * the Unix epoch, or {@code NULL} for any string that is not one. It repeats, rule for rule, {@code
 * io.eventrelay.internal.filter.IsoInstants}: a change there must be made here too.
 *
 * <p>Each dialect supplies a query that splits the text into integer parts (columns {@code y, mo,
 * d, h, mi, sec, frac, sign, oh, om}; zero time and offset for a date) and returns no row when the
 * text does not have the right shape. The calendar checks and the arithmetic below are shared and
 * use only integer operations, so no row can make them fail.
 */
final class FilterInstants {
  private static final String DAYS_IN_MONTH =
      "CASE WHEN p.mo = 2 THEN"
          + " CASE WHEN (p.y % 4 = 0 AND p.y % 100 <> 0) OR p.y % 400 = 0 THEN 29 ELSE 28 END"
          + " WHEN p.mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END";

  private static final String VALID =
      "p.y >= 1 AND p.mo BETWEEN 1 AND 12 AND p.d BETWEEN 1 AND ("
          + DAYS_IN_MONTH
          + ") AND p.h <= 23 AND p.om <= 59 AND p.oh * 60 + p.om <= 1080";

  /** The year counted from March, so that leap days end it; never negative for years >= 1. */
  private static final String MARCH_YEAR = "(p.y - CASE WHEN p.mo <= 2 THEN 1 ELSE 0 END)";

  private static final String YEAR_OF_ERA = "(" + MARCH_YEAR + " % 400)";

  /** Days since 1970-01-01 of the proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static final String EPOCH_DAYS =
      "(("
          + MARCH_YEAR
          + " / 400) * 146097 + "
          + YEAR_OF_ERA
          + " * 365 + "
          + YEAR_OF_ERA
          + " / 4 - "
          + YEAR_OF_ERA
          + " / 100 + (153 * ((p.mo + 9) % 12) + 2) / 5 + p.d - 1 - 719468)";

  private static final String MICROS =
      "(("
          + EPOCH_DAYS
          + " * 86400 + p.h * 3600 + p.mi * 60 + p.sec)"
          + " - p.sign * (p.oh * 3600 + p.om * 60)) * 1000000 + p.frac";

  private FilterInstants() {}

  /**
   * A scalar subquery giving the microseconds of the text that {@code parts} splits, where {@code
   * parts} is a query selecting the columns described above from its {@code {0}} argument.
   */
  static String template(String parts) {
    return "(SELECT CASE WHEN " + VALID + " THEN " + MICROS + " END FROM (" + parts + ") AS p)";
  }
}
