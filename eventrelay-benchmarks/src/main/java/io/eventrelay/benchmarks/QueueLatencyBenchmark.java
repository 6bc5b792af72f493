package io.eventrelay.benchmarks;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Measures EventRelay's worker queues and delivery latency against their baselines in one run, and
 * prints a table of rates and ratios with PASS/MISS per target, then a table of latencies.
 *
 * <ul>
 *   <li>Queues, on PostgreSQL and SQLite: enqueue (publishAll of 1,000 events per call) and drain
 *       (a {@link io.eventrelay.Worker} with 2 and 4 threads and a no-op handler) against a raw
 *       JDBC lease-and-delete loop with the same threads (target 0.5) and, on PostgreSQL,
 *       db-scheduler with lock-and-fetch polling (target 5). See {@link QueueDrainBenchmark}.
 *   <li>Latency: publish to an in-process listener (target p99 under 1 ms from publish's return),
 *       and on PostgreSQL publish on relay A to a worker of relay B (target p99 under 20 ms). See
 *       {@link LatencyProbe}.
 * </ul>
 *
 * <p>Run it, after {@code mvn -q install -DskipTests}, with {@code mvn -q -pl eventrelay-benchmarks
 * exec:exec -Dexec.executable=java -Dexec.args="-cp %classpath
 * io.eventrelay.benchmarks.QueueLatencyBenchmark"}. See {@link QueueSettings} for sizes and other
 * settings. PostgreSQL is skipped, with a line saying so, when it cannot be reached.
 */
public final class QueueLatencyBenchmark {
  private QueueLatencyBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optionally the backend: {@code all}, {@code sqlite} or {@code postgres}
   */
  public static void main(String[] args) throws Exception {
    // db-scheduler and HikariCP log every start and stop at INFO; only their warnings matter here.
    quiet("com.github.kagkarlsson");
    quiet("com.zaxxer.hikari");
    PrintStream out = System.out;
    QueueSettings settings = QueueSettings.from(args);
    long started = System.nanoTime();
    out.println("EventRelay queue/latency benchmark: " + Machine.describe());
    out.println(settings.describe());

    ResultTable table = new ResultTable();
    LatencyTable latency = new LatencyTable();
    if (settings.backends().contains("postgres")) {
      PostgresDatabase db = PostgresDatabase.createOrSkip(settings.postgresUrl(), table, out);
      if (db != null) {
        try (PostgresDatabase open = db) {
          runBackend(open, settings, table, latency, out);
        }
      }
    }
    if (settings.backends().contains("sqlite")) {
      try (SqliteDatabase db = SqliteDatabase.create()) {
        runBackend(db, settings, table, latency, out);
      }
    }

    out.println();
    table.print(out);
    if (!latency.isEmpty()) {
      out.println();
      latency.print(out);
    }
    String queues = settings.parts().contains("queue") ? table.summary() : "queues not run";
    out.printf(
        Locale.ROOT,
        "queues: %s; latency: %s; took %.0f s; load average %.2f%n",
        queues,
        latency.missed() == 0 ? "all targets met" : latency.missed() + " target(s) MISSED",
        (System.nanoTime() - started) / 1e9,
        Machine.loadAverage());
  }

  private static void runBackend(
      Database db,
      QueueSettings settings,
      ResultTable table,
      LatencyTable latency,
      PrintStream out) {
    out.println(db.name() + ":");
    try {
      if (settings.parts().contains("queue")) {
        new QueueDrainBenchmark(db, settings, table, out).run();
      }
      if (settings.parts().contains("latency")) {
        LatencyProbe.listener(db, settings.listenPublishes(), latency, out);
        if (db.name().equals("postgres")) {
          LatencyProbe.wakeup(db, settings.wakeups(), latency, out);
        }
      }
    } catch (Exception | Error e) {
      String line = db.name() + ": FAILED: " + e;
      e.printStackTrace(out);
      out.println(line);
      table.failure(line);
    }
  }

  private static void quiet(String logger) {
    String key = "org.slf4j.simpleLogger.log." + logger;
    if (System.getProperty(key) == null) {
      System.setProperty(key, "warn");
    }
  }
}
