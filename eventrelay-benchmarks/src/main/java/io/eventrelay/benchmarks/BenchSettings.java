package io.eventrelay.benchmarks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What to run and how big, from system properties (which {@code mvn -D...} sets for exec:java) and
 * the first program argument:
 *
 * <ul>
 *   <li>{@code eventrelay.bench.backends} or the first argument: {@code all} (default), {@code
 *       sqlite} or {@code postgres};
 *   <li>{@code eventrelay.bench.postgres.url}: default {@code
 *       jdbc:postgresql://127.0.0.1:5432/eventrelay_bench?user=root} (created when missing);
 *   <li>{@code eventrelay.bench.scale}: multiplies every event count (default 1; 0.1 for a smoke
 *       run);
 *   <li>{@code eventrelay.bench.warmups} and {@code eventrelay.bench.rounds}: default 1 and 3;
 *   <li>{@code eventrelay.bench.threads}: publishers in the concurrent scenario, default 16;
 *   <li>{@code eventrelay.bench.scenarios}: a comma-separated subset of {@code
 *       batch,read,concurrent,single} (default all), for profiling one of them.
 * </ul>
 *
 * @param backends which backends to measure
 * @param scenarios which scenarios to run
 * @param postgresUrl the PostgreSQL database to create a schema in
 * @param batchEvents events in the batch and read scenarios
 * @param concurrentEvents events in the concurrent single-publish scenario
 * @param singleEvents events in the one-thread single-publish scenario
 * @param perTransaction events per publishAll call, per raw transaction and per read page
 * @param threads publisher threads in the concurrent scenario
 * @param warmups warm-up rounds per scenario
 * @param rounds measured rounds per scenario
 */
record BenchSettings(
    Set<String> backends,
    Set<String> scenarios,
    String postgresUrl,
    int batchEvents,
    int concurrentEvents,
    int singleEvents,
    int perTransaction,
    int threads,
    int warmups,
    int rounds) {

  static final String DEFAULT_POSTGRES_URL =
      "jdbc:postgresql://127.0.0.1:5432/eventrelay_bench?user=root";

  /** Every scenario, in the order they run. */
  static final List<String> SCENARIOS = List.of("batch", "read", "concurrent", "single");

  /** The settings from system properties and {@code args}. */
  static BenchSettings from(String[] args) {
    Set<String> backends = backends(args);
    double scale = Double.parseDouble(System.getProperty("eventrelay.bench.scale", "1"));
    if (!(scale > 0)) {
      throw new IllegalArgumentException("eventrelay.bench.scale must be positive");
    }
    Set<String> scenarios = new LinkedHashSet<>();
    for (String name :
        System.getProperty("eventrelay.bench.scenarios", String.join(",", SCENARIOS)).split(",")) {
      String scenario = name.strip().toLowerCase(Locale.ROOT);
      if (!SCENARIOS.contains(scenario)) {
        throw new IllegalArgumentException(
            "eventrelay.bench.scenarios takes " + SCENARIOS + " (was '" + name + "')");
      }
      scenarios.add(scenario);
    }
    return new BenchSettings(
        backends,
        scenarios,
        System.getProperty("eventrelay.bench.postgres.url", DEFAULT_POSTGRES_URL),
        scaled(100_000, scale),
        scaled(20_000, scale),
        scaled(10_000, scale),
        1_000,
        Integer.getInteger("eventrelay.bench.threads", 16),
        Integer.getInteger("eventrelay.bench.warmups", 1),
        Integer.getInteger("eventrelay.bench.rounds", 3));
  }

  private static int scaled(int events, double scale) {
    return Math.max(100, (int) Math.round(events * scale));
  }

  /** A one-line description for the report's header. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "batch/read %,d events (%,d per call, transaction and page), %d threads x %,d events,"
            + " 1 thread x %,d events; %d warm-up + %d measured rounds (reads %d), median",
        batchEvents,
        perTransaction,
        threads,
        concurrentEvents,
        singleEvents,
        warmups,
        rounds,
        Math.max(5, rounds));
  }

  /**
   * The backends to measure: the first argument, else {@code -Deventrelay.bench.backends}; all,
   * sqlite or postgres.
   */
  static Set<String> backends(String[] args) {
    String choice =
        args.length > 0 ? args[0] : System.getProperty("eventrelay.bench.backends", "all");
    Set<String> backends =
        switch (choice.toLowerCase(Locale.ROOT)) {
          case "all", "both" -> Set.of("sqlite", "postgres");
          case "sqlite" -> Set.of("sqlite");
          case "postgres", "postgresql", "pg" -> Set.of("postgres");
          default ->
              throw new IllegalArgumentException(
                  "backend must be all, sqlite or postgres (was '" + choice + "')");
        };
    return backends;
  }
}
