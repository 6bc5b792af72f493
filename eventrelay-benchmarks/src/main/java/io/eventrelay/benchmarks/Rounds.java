package io.eventrelay.benchmarks;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the contenders of one scenario side by side: warm-up rounds (for the JIT and the caches),
 * then measured rounds, each contender once per round. The order rotates every round so that no
 * contender always runs first or last; the result is each contender's median measured time.
 */
final class Rounds {
  private final int warmups;
  private final int measured;
  private final PrintStream log;

  Rounds(int warmups, int measured, PrintStream log) {
    if (measured < 1) {
      throw new IllegalArgumentException("at least one measured round is needed");
    }
    this.warmups = warmups;
    this.measured = measured;
    this.log = log;
  }

  /** A named contender. */
  record Contender(String label, TimedRun run) {}

  /**
   * Runs every contender {@code warmups + measured} times.
   *
   * @return the median measured nanoseconds of each contender, in the order given
   */
  long[] medians(String title, List<Contender> contenders) throws Exception {
    int k = contenders.size();
    long[][] times = new long[k][measured];
    int total = warmups + measured;
    for (int round = 0; round < total; round++) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "  %-44s round %d/%d%s",
                  title,
                  round + 1,
                  total,
                  round < warmups ? " (warm-up)" : "          "));
      long[] thisRound = new long[k];
      for (int j = 0; j < k; j++) {
        int c = (round + j) % k;
        thisRound[c] = contenders.get(c).run().nanos();
      }
      for (int c = 0; c < k; c++) {
        if (round >= warmups) {
          times[c][round - warmups] = thisRound[c];
        }
        line.append(
            String.format(
                Locale.ROOT, "  %s %.2f s", contenders.get(c).label(), thisRound[c] / 1e9));
      }
      log.println(line);
    }
    long[] medians = new long[k];
    for (int c = 0; c < k; c++) {
      long[] sorted = times[c].clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      medians[c] = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
    return medians;
  }

  /** Events per second for {@code events} done in {@code nanos}. */
  static double rate(long events, long nanos) {
    return events * 1e9 / nanos;
  }
}
