package io.eventrelay.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The latency results: one row per measured delay and backend, with its median, 99th percentile and
 * maximum in milliseconds, and whether the 99th percentile meets its target. Rows without a target
 * are information only. A negative delay means the handler ran before {@code publish()} returned.
 */
final class LatencyTable {
  private static final String FORMAT = "%-50s %-9s %6s %9s %9s %9s %9s  %s%n";
  private final List<Row> rows = new ArrayList<>();

  /**
   * One line of the table, in nanoseconds.
   *
   * @param targetP99 the 99th percentile must be below it, or -1 for information only
   */
  record Row(
      String scenario, String backend, int count, long p50, long p99, long max, long targetP99) {
    String verdict() {
      if (targetP99 < 0) {
        return "info";
      }
      return p99 < targetP99 ? "PASS" : "MISS";
    }
  }

  /**
   * Adds the delays {@code nanos} of a scenario.
   *
   * @param targetP99Millis the 99th percentile must be below it (ms), or a negative number for none
   */
  void add(String scenario, String backend, long[] nanos, double targetP99Millis) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    rows.add(
        new Row(
            scenario,
            backend,
            sorted.length,
            percentile(sorted, 0.50),
            percentile(sorted, 0.99),
            sorted[sorted.length - 1],
            targetP99Millis < 0 ? -1 : Math.round(targetP99Millis * 1e6)));
  }

  /** The nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** How many rows missed their target. */
  long missed() {
    return rows.stream().filter(r -> r.verdict().equals("MISS")).count();
  }

  /** Whether anything was measured. */
  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the table. */
  void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        FORMAT,
        "latency",
        "backend",
        "n",
        "p50 ms",
        "p99 ms",
        "max ms",
        "p99 target",
        "result");
    out.println("-".repeat(50 + 1 + 9 + 1 + 6 + 4 * 10 + 2 + 6));
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          FORMAT,
          r.scenario(),
          r.backend(),
          String.format(Locale.ROOT, "%,d", r.count()),
          millis(r.p50()),
          millis(r.p99()),
          millis(r.max()),
          r.targetP99() < 0 ? "-" : "< " + millis(r.targetP99()),
          r.verdict());
    }
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
