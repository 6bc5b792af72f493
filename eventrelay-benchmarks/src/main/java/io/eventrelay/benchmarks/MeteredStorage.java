package io.eventrelay.benchmarks;

import io.eventrelay.spi.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the appends (one per commit) and reads a relay makes on its {@link Storage}, and the time
 * spent in them: it shows where a relay scenario's time goes, in the storage (SQL and commit) or
 * before it (validation, group commit, building events). It costs two clock reads and a reflective
 * call per storage call, which is per commit or per page, never per event.
 *
 * <p>The meter is a dynamic proxy on the {@link Storage} interface, so that it passes on every
 * method the SPI has or gains without change.
 */
final class MeteredStorage {
  private final Storage storage;
  private final AtomicLong appends = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong appendNanos = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong readNanos = new AtomicLong();

  MeteredStorage(Storage delegate) {
    this.storage =
        (Storage)
            Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                  String name = method.getName();
                  // append(List, Instant) is the relay's own commit; append(Connection, ...) is
                  // the caller's transaction and is not metered.
                  boolean append = name.equals("append") && args[0] instanceof List<?>;
                  boolean read = name.equals("read");
                  long start = System.nanoTime();
                  try {
                    return method.invoke(delegate, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  } finally {
                    long nanos = System.nanoTime() - start;
                    if (append) {
                      appends.incrementAndGet();
                      appended.addAndGet(((List<?>) args[0]).size());
                      appendNanos.addAndGet(nanos);
                    } else if (read) {
                      reads.incrementAndGet();
                      readNanos.addAndGet(nanos);
                    }
                  }
                });
  }

  /** The metered storage, to give to the relay. */
  Storage storage() {
    return storage;
  }

  /** Counters since the last {@link #reset()}. */
  record Snapshot(long appends, long appended, long appendNanos, long reads, long readNanos) {
    /** A one-line account of a run that took {@code elapsedNanos}. */
    String describe(long elapsedNanos) {
      if (appends > 0) {
        return String.format(
            Locale.ROOT,
            "%,d commits of %.1f events on average, %.0f us each; %.0f%% of the time inside"
                + " Storage.append",
            appends,
            (double) appended / appends,
            appendNanos / 1e3 / appends,
            100.0 * appendNanos / elapsedNanos);
      }
      return String.format(
          Locale.ROOT,
          "%,d pages, %.0f us each; %.0f%% of the time inside Storage.read",
          reads,
          reads == 0 ? 0.0 : readNanos / 1e3 / reads,
          100.0 * readNanos / elapsedNanos);
    }
  }

  /** Sets every counter to zero. */
  void reset() {
    appends.set(0);
    appended.set(0);
    appendNanos.set(0);
    reads.set(0);
    readNanos.set(0);
  }

  /** The counters now. */
  Snapshot snapshot() {
    return new Snapshot(
        appends.get(), appended.get(), appendNanos.get(), reads.get(), readNanos.get());
  }
}
