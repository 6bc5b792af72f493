package io.eventrelay.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@link QueueLatencyBenchmark} runs and how big, from system properties (which {@code mvn
 * -D...} passes to the program) and the first program argument:
 *
 * <ul>
 *   <li>{@code eventrelay.bench.backends} or the first argument: {@code all} (default), {@code
 *       sqlite} or {@code postgres};
 *   <li>{@code eventrelay.bench.postgres.url}: default {@code
 *       jdbc:postgresql://127.0.0.1:5432/eventrelay_bench?user=root} (created when missing);
 *   <li>{@code eventrelay.bench.queue.jobs}: jobs per PostgreSQL drain, default 50,000;
 *   <li>{@code eventrelay.bench.queue.sqliteJobs}: jobs per SQLite drain, default 50,000;
 *   <li>{@code eventrelay.bench.queue.threads}: worker threads, default {@code 2,4};
 *   <li>{@code eventrelay.bench.queue.rounds}: measured rounds per thread count, default 3 (the
 *       median is reported); one warm-up round of the same size runs first on each backend, so that
 *       every contender runs compiled code;
 *   <li>{@code eventrelay.bench.queue.parts}: a comma-separated subset of {@code queue,latency},
 *       default both;
 *   <li>{@code eventrelay.bench.latency.listen}: single publishes per backend for the listener
 *       latency, default 3,000;
 *   <li>{@code eventrelay.bench.latency.wakeups}: single publishes for the cross-relay wake-up,
 *       default 500.
 * </ul>
 *
 * @param backends which backends to measure
 * @param parts which parts to run: {@code queue}, {@code latency}
 * @param postgresUrl the PostgreSQL database to create a schema in
 * @param postgresJobs jobs per drain on PostgreSQL
 * @param sqliteJobs jobs per drain on SQLite
 * @param threads the worker thread counts to measure
 * @param rounds measured rounds per thread count
 * @param listenPublishes publishes per backend for the in-process listener latency
 * @param wakeups publishes for the cross-relay wake-up latency
 */
record QueueSettings(
    Set<String> backends,
    Set<String> parts,
    String postgresUrl,
    int postgresJobs,
    int sqliteJobs,
    List<Integer> threads,
    int rounds,
    int listenPublishes,
    int wakeups) {

  /** Jobs enqueued per {@code publishAll} call, raw transaction and db-scheduler batch. */
  static final int ENQUEUE_BATCH = 1_000;

  /** Jobs the raw loops lease per transaction. */
  static final int RAW_LEASE = 100;

  /** The settings from system properties and {@code args}. */
  static QueueSettings from(String[] args) {
    Set<String> backends = BenchSettings.backends(args);
    Set<String> parts = Set.copyOf(list("eventrelay.bench.queue.parts", "queue,latency"));
    for (String part : parts) {
      if (!part.equals("queue") && !part.equals("latency")) {
        throw new IllegalArgumentException(
            "eventrelay.bench.queue.parts takes queue and latency (was '" + part + "')");
      }
    }
    List<Integer> threads = new ArrayList<>();
    for (String n : list("eventrelay.bench.queue.threads", "2,4")) {
      threads.add(positive("eventrelay.bench.queue.threads", Integer.parseInt(n)));
    }
    return new QueueSettings(
        backends,
        parts,
        System.getProperty("eventrelay.bench.postgres.url", BenchSettings.DEFAULT_POSTGRES_URL),
        atLeast100("eventrelay.bench.queue.jobs", 50_000),
        atLeast100("eventrelay.bench.queue.sqliteJobs", 50_000),
        List.copyOf(threads),
        positive(
            "eventrelay.bench.queue.rounds",
            Integer.getInteger("eventrelay.bench.queue.rounds", 3)),
        atLeast100("eventrelay.bench.latency.listen", 3_000),
        atLeast100("eventrelay.bench.latency.wakeups", 500));
  }

  /** Jobs per drain on {@code backend}. */
  int jobs(String backend) {
    return backend.equals("postgres") ? postgresJobs : sqliteJobs;
  }

  /** A one-line description for the report's header. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "queues: %,d jobs (PostgreSQL), %,d (SQLite), enqueued %,d per call, worker threads %s,"
            + " 1 warm-up round + %d measured round(s), median; latency: %,d listener"
            + " publishes per backend, %,d cross-relay wake-ups",
        postgresJobs,
        sqliteJobs,
        ENQUEUE_BATCH,
        threads,
        rounds,
        listenPublishes,
        wakeups);
  }

  private static List<String> list(String property, String fallback) {
    List<String> out = new ArrayList<>();
    for (String s : System.getProperty(property, fallback).split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static int atLeast100(String property, int fallback) {
    int n = Integer.getInteger(property, fallback);
    if (n < 100) {
      throw new IllegalArgumentException(property + " must be at least 100 (was " + n + ")");
    }
    return n;
  }

  private static int positive(String property, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(property + " must be positive (was " + n + ")");
    }
    return n;
  }
}
