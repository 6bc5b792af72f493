package io.eventrelay.internal.queues;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Decides which of a run of failures of one kind to log in full, so that a failing handler or
 * storage cannot flood the log: the first failure, then at most one per interval; those in between
 * are only counted, and the count goes with the next one logged. Thread-safe.
 */
final class LogLimiter {
  /** The interval the queue classes log failures at. */
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final String kind;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private boolean logged;
  private long lastLogged;
  private long skipped;

  /**
   * @param kind what the failures are, in the plural, for the count: {@code "job failures"}
   * @param interval at most one failure per interval is logged
   * @param nanoTime the time source, {@code System::nanoTime} outside tests
   */
  LogLimiter(String kind, Duration interval, LongSupplier nanoTime) {
    this.kind = kind;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A limiter at {@link #INTERVAL} by {@link System#nanoTime()}. */
  static LogLimiter standard(String kind) {
    return new LogLimiter(kind, INTERVAL, System::nanoTime);
  }

  /**
   * Records a failure.
   *
   * @return -1 if it is not to be logged (it is counted instead); else how many failures were
   *     counted since the last one logged, to mention with this one
   */
  synchronized long admit() {
    long now = nanoTime.getAsLong();
    if (logged && now - lastLogged < intervalNanos) {
      skipped++;
      return -1;
    }
    logged = true;
    lastLogged = now;
    long before = skipped;
    skipped = 0;
    return before;
  }

  /** How many failures were counted since the last one logged; the count starts again at 0. */
  synchronized long drain() {
    long before = skipped;
    skipped = 0;
    return before;
  }

  /**
   * Logs {@code failure} with its stack trace after {@code message} (and the count of those not
   * logged since the last), at ERROR for an {@link Error} and WARN otherwise; or only counts it, if
   * one was logged less than the interval ago.
   */
  void log(Logger log, String message, Throwable failure) {
    long before = admit();
    if (before < 0) {
      return;
    }
    String line = message + more(before);
    if (failure instanceof Error) {
      log.error(line, failure);
    } else {
      log.warn(line, failure);
    }
  }

  /** "" for none, else a sentence tail that reports {@code skipped} failures not logged. */
  String more(long skipped) {
    return skipped <= 0 ? "" : " (and " + skipped + " more " + kind + " since the last logged)";
  }
}
