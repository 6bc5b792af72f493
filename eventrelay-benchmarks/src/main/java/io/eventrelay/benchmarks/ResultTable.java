package io.eventrelay.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's result: one row per scenario and backend, with the relay's rate, its baseline's
 * rate, their ratio, and whether the ratio meets its target. Rows without a target are information
 * only.
 */
final class ResultTable {
  private static final String FORMAT = "%-48s %-9s %12s %14s %7s %7s  %s%n";
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean failed;

  /**
   * One line of the table.
   *
   * @param baseline the baseline's events per second, or NaN for none
   * @param target the least acceptable ratio, or NaN for information only
   */
  record Row(String scenario, String backend, double rate, double baseline, double target) {
    double ratio() {
      return rate / baseline;
    }

    String verdict() {
      if (Double.isNaN(target) || Double.isNaN(baseline)) {
        return "info";
      }
      return ratio() >= target ? "PASS" : "MISS";
    }
  }

  /** Adds a scenario with a target ratio. */
  void add(String scenario, String backend, double rate, double baseline, double target) {
    rows.add(new Row(scenario, backend, rate, baseline, target));
  }

  /** Adds a scenario compared with a baseline, for information (no target). */
  void info(String scenario, String backend, double rate, double baseline) {
    rows.add(new Row(scenario, backend, rate, baseline, Double.NaN));
  }

  /** Adds a line printed under the table, such as a skipped backend. */
  void note(String line) {
    notes.add(line);
  }

  /** Adds a line for a backend whose run failed. */
  void failure(String line) {
    notes.add(line);
    failed = true;
  }

  /** A one-line verdict over every row. */
  String summary() {
    if (failed) {
      return "a backend FAILED";
    }
    if (rows.isEmpty()) {
      return "nothing was measured";
    }
    long missed = rows.stream().filter(r -> r.verdict().equals("MISS")).count();
    return missed == 0 ? "all targets met" : missed + " target(s) MISSED";
  }

  /** Prints the table and its notes. */
  void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        FORMAT,
        "scenario",
        "backend",
        "events/s",
        "baseline ev/s",
        "ratio",
        "target",
        "result");
    out.println("-".repeat(48 + 1 + 9 + 1 + 12 + 1 + 14 + 1 + 7 + 1 + 7 + 2 + 6));
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          FORMAT,
          r.scenario(),
          r.backend(),
          String.format(Locale.ROOT, "%,.0f", r.rate()),
          Double.isNaN(r.baseline()) ? "-" : String.format(Locale.ROOT, "%,.0f", r.baseline()),
          Double.isNaN(r.baseline()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()),
          Double.isNaN(r.target()) ? "-" : String.format(Locale.ROOT, "%.2f", r.target()),
          r.verdict());
    }
    for (String note : notes) {
      out.println(note);
    }
  }
}
