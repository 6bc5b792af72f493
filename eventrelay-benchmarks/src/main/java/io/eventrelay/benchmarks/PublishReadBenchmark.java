package io.eventrelay.benchmarks;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Measures EventRelay against raw JDBC on SQLite and PostgreSQL in one run, and prints a table of
 * events per second, baseline events per second, their ratio and the target ratio.
 *
 * <p>Scenarios, each with about 200 bytes of JSON data per event:
 *
 * <ul>
 *   <li>{@code topic.publishAll} of 1,000 events per call, against raw JDBC batch inserts of 1,000
 *       rows per transaction into an identical table (target 0.8), and on PostgreSQL against {@code
 *       COPY FROM STDIN} (information);
 *   <li>single-event {@code topic.publish} from 16 threads on one relay (group commit), against the
 *       raw batch insert (target 0.5), and against raw transactions of 16 rows, the most that 16
 *       callers with one event each in flight can put in one commit (information);
 *   <li>single-event {@code topic.publish} from one thread, against one auto-committed raw insert
 *       per row (information);
 *   <li>{@code topic.read(from, 1000)} over the whole topic, against a raw keyset {@code SELECT} of
 *       1,000 rows per page read into Java values (target 0.8).
 * </ul>
 *
 * <p>Run it with {@code mvn -q install -DskipTests && mvn -q -pl eventrelay-benchmarks exec:java};
 * add {@code -Deventrelay.bench.backends=sqlite} (or {@code postgres}) for one backend. See {@link
 * BenchSettings} for the other settings. PostgreSQL is skipped, with a line saying so, when it
 * cannot be reached.
 */
public final class PublishReadBenchmark {
  private PublishReadBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optionally the backend: {@code all}, {@code sqlite} or {@code postgres}
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    BenchSettings settings = BenchSettings.from(args);
    long started = System.nanoTime();
    out.println("EventRelay publish/read benchmark: " + Machine.describe());
    out.printf(
        Locale.ROOT,
        "%s; ~%d bytes of JSON data per event%n",
        settings.describe(),
        Workload.of(100).averageDataBytes());

    ResultTable table = new ResultTable();
    if (settings.backends().contains("sqlite")) {
      try (SqliteDatabase db = SqliteDatabase.create()) {
        runBackend(db, settings, table, out);
      }
    }
    if (settings.backends().contains("postgres")) {
      PostgresDatabase db = PostgresDatabase.createOrSkip(settings.postgresUrl(), table, out);
      if (db != null) {
        try (PostgresDatabase open = db) {
          runBackend(open, settings, table, out);
        }
      }
    }

    out.println();
    table.print(out);
    out.printf(
        Locale.ROOT,
        "%s; took %.0f s; load average %.2f (other work on the machine skews the"
            + " commit-bound scenarios most)%n",
        table.summary(),
        (System.nanoTime() - started) / 1e9,
        Machine.loadAverage());
  }

  private static void runBackend(
      Database db, BenchSettings settings, ResultTable table, PrintStream out) {
    out.println(db.name() + ":");
    try {
      new BackendBenchmark(db, settings, table, out).run();
    } catch (Exception | Error e) {
      String line = db.name() + ": FAILED: " + e;
      e.printStackTrace(out);
      out.println(line);
      table.failure(line);
    }
  }
}
