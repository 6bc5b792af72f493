package io.eventrelay.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.eventrelay.benchmarks.Rounds.Contender;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The queue comparison on one backend: EventRelay's queue against the raw loop (and, on PostgreSQL,
 * db-scheduler), each enqueueing and draining the same jobs with the same worker thread counts. One
 * warm-up round of the same size, so that every contender runs compiled code, then the measured
 * rounds per thread count, in rotating order ({@link Rounds}); the compared figure is jobs per
 * second over enqueue plus drain, and the drain alone is shown beside it.
 */
final class QueueDrainBenchmark {
  private final Database db;
  private final QueueSettings settings;
  private final ResultTable table;
  private final PrintStream log;
  private final boolean postgres;

  QueueDrainBenchmark(Database db, QueueSettings settings, ResultTable table, PrintStream log) {
    this.db = db;
    this.settings = settings;
    this.table = table;
    this.log = log;
    this.postgres = db.name().equals("postgres");
  }

  /** Both phases of one run, and its contender's account of it. */
  private record Phases(long enqueueNanos, long drainNanos, String detail) {}

  /** Runs the comparison and adds its rows to the table. */
  void run() throws Exception {
    int jobs = settings.jobs(db.name());
    List<QueueContender> contenders = new ArrayList<>();
    try (Connection admin = db.connect()) {
      QueueRelayContender relay = new QueueRelayContender(db, admin);
      contenders.add(relay);
      if (postgres) {
        int claimed = relay.overleaseCheck();
        String line =
            String.format(
                Locale.ROOT,
                "postgres: over-lease check: claim(2) returned %d job(s) with 500 new events after"
                    + " the deliveries table was vacuumed empty: %s",
                claimed,
                claimed <= 2 ? "ok" : "BUG (a Worker's claimer thread dies on this)");
        log.println("  " + line);
        table.note(line);
      }
      contenders.add(new QueueRawLoop(db, admin));
      if (postgres) {
        contenders.add(new QueueDbScheduler(db, admin));
      }
      Workload w = Workload.of(jobs);
      StringBuilder line = new StringBuilder("  " + db.name() + ": warm-up, " + w.size());
      line.append(" jobs, ").append(settings.threads().get(0)).append(" threads:");
      for (QueueContender c : contenders) {
        Phases p = runOnce(c, w, settings.threads().get(0));
        line.append(String.format(Locale.ROOT, "  %s %.2f s", c.label(), total(p) / 1e9));
      }
      log.println(line);
      for (int threads : settings.threads()) {
        measure(contenders, w, threads);
      }
    } finally {
      for (QueueContender c : contenders) {
        c.close();
      }
    }
  }

  private void measure(List<QueueContender> contenders, Workload w, int threads) throws Exception {
    int k = contenders.size();
    List<List<Phases>> phases = new ArrayList<>();
    List<Contender> timed = new ArrayList<>();
    for (QueueContender c : contenders) {
      List<Phases> mine = new ArrayList<>();
      phases.add(mine);
      timed.add(
          new Contender(
              c.label(),
              () -> {
                Phases p = runOnce(c, w, threads);
                mine.add(p);
                return total(p);
              }));
    }
    String title =
        String.format(Locale.ROOT, "%s: queue, %,d jobs, %d threads", db.name(), w.size(), threads);
    long[] totals = new Rounds(0, settings.rounds(), log).medians(title, timed);
    double[] rates = new double[k];
    double[] drainRates = new double[k];
    for (int c = 0; c < k; c++) {
      List<Phases> mine = phases.get(c);
      long enqueue = median(mine.stream().mapToLong(Phases::enqueueNanos).toArray());
      long drain = median(mine.stream().mapToLong(Phases::drainNanos).toArray());
      rates[c] = Rounds.rate(w.size(), totals[c]);
      drainRates[c] = Rounds.rate(w.size(), drain);
      log.printf(
          Locale.ROOT,
          "    %-12s enqueue %6.2f s (%,9.0f jobs/s)  drain %6.2f s (%,9.0f jobs/s)  total %,9.0f"
              + " jobs/s; last round: %s%n",
          contenders.get(c).label(),
          enqueue / 1e9,
          Rounds.rate(w.size(), enqueue),
          drain / 1e9,
          drainRates[c],
          rates[c],
          mine.get(mine.size() - 1).detail());
    }
    String prefix = "queue " + threads + " thr: ";
    String raw = postgres ? "raw SKIP LOCKED" : "raw IMMEDIATE loop";
    table.add(prefix + "enqueue+drain vs " + raw, db.name(), rates[0], rates[1], 0.5);
    table.info(prefix + "drain only vs " + raw, db.name(), drainRates[0], drainRates[1]);
    if (postgres) {
      table.add(prefix + "enqueue+drain vs db-scheduler", db.name(), rates[0], rates[2], 5.0);
      table.info(prefix + "drain only vs db-scheduler", db.name(), drainRates[0], drainRates[2]);
    }
  }

  private static Phases runOnce(QueueContender c, Workload w, int threads) throws Exception {
    c.prepare();
    long cpu = processCpuNanos();
    long enqueue = c.enqueue(w);
    long enqueueCpu = processCpuNanos() - cpu;
    cpu = processCpuNanos();
    long drain = c.drain(threads, w.size());
    long drainCpu = processCpuNanos() - cpu;
    String detail =
        String.format(
            Locale.ROOT,
            "benchmark JVM's CPU: enqueue %.2f s, drain %.2f s; %s",
            enqueueCpu / 1e9,
            drainCpu / 1e9,
            c.verify());
    return new Phases(enqueue, drain, detail);
  }

  /** The CPU time of this JVM (all threads, JIT and GC included), or 0 where it is not known. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }

  private static long total(Phases p) {
    return p.enqueueNanos() + p.drainNanos();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** How many rows {@code table} holds: what a baseline left behind after its drain. */
  static long rows(Connection admin, String table) throws SQLException {
    try (Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
