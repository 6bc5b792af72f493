package io.eventrelay.benchmarks;

import io.eventrelay.spi.QueueStorage;
import io.eventrelay.spi.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the claims and acknowledgements a relay's worker makes on its {@link QueueStorage}, the
 * jobs each claim returns and the time spent in them: the evidence of where a drain's time goes.
 * Each claim and each ack (single, or a worker's batch) is one storage transaction. It costs two
 * clock reads and a reflective call per storage call, a few microseconds against transactions of a
 * millisecond.
 *
 * <p>Like {@link MeteredStorage}, it is a dynamic proxy of the storage interfaces, so it passes on
 * every method they have or gain without change.
 */
final class QueueMeter {
  private final Storage storage;
  private final LongAdder claims = new LongAdder();
  private final LongAdder emptyClaims = new LongAdder();
  private final LongAdder claimed = new LongAdder();
  private final LongAdder claimNanos = new LongAdder();
  private final LongAdder acks = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder ackNanos = new LongAdder();
  private final List<Long> claimTimes = Collections.synchronizedList(new ArrayList<>());
  private volatile QueueStorage queues;

  QueueMeter(Storage delegate) {
    this.storage =
        (Storage)
            Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) ->
                    method.getName().equals("queues") && args == null
                        ? meteredQueues(delegate)
                        : call(method, delegate, args));
  }

  private QueueStorage meteredQueues(Storage delegate) {
    QueueStorage q = queues;
    if (q == null) {
      QueueStorage real = delegate.queues();
      q =
          (QueueStorage)
              Proxy.newProxyInstance(
                  QueueStorage.class.getClassLoader(),
                  new Class<?>[] {QueueStorage.class},
                  (proxy, method, args) -> metered(method, real, args));
      queues = q;
    }
    return q;
  }

  private Object metered(Method method, QueueStorage real, Object[] args) throws Throwable {
    String name = method.getName();
    long start = System.nanoTime();
    Object result = call(method, real, args);
    long nanos = System.nanoTime() - start;
    if (name.equals("claim")) {
      int n = ((List<?>) result).size();
      claims.increment();
      claimed.add(n);
      claimNanos.add(nanos);
      claimTimes.add(nanos);
      if (n == 0) {
        emptyClaims.increment();
      }
    } else if (name.equals("ack")) {
      acks.increment();
      acked.increment();
      ackNanos.add(nanos);
    } else if (name.equals("ackAll")) {
      acks.increment();
      acked.add(((boolean[]) result).length);
      ackNanos.add(nanos);
    }
    return result;
  }

  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The metered storage, to give to the relay. */
  Storage storage() {
    return storage;
  }

  /** Sets every counter to zero. */
  void reset() {
    for (LongAdder a :
        new LongAdder[] {claims, emptyClaims, claimed, claimNanos, acks, acked, ackNanos}) {
      a.reset();
    }
    claimTimes.clear();
  }

  /** The mean claim time in microseconds over the first or the last tenth of the claims. */
  private double tenthMicros(boolean first) {
    List<Long> times;
    synchronized (claimTimes) {
      times = new ArrayList<>(claimTimes);
    }
    int tenth = Math.max(1, times.size() / 10);
    if (times.isEmpty()) {
      return 0;
    }
    List<Long> part =
        first ? times.subList(0, tenth) : times.subList(times.size() - tenth, times.size());
    return part.stream().mapToLong(Long::longValue).average().orElse(0) / 1e3;
  }

  /** A one-line account of a drain that took {@code elapsedNanos}. */
  String describe(long elapsedNanos) {
    long n = claims.sum();
    long a = acks.sum();
    return String.format(
        Locale.ROOT,
        "%,d claim transactions (%.2f jobs each, %,d empty), %.0f us each (first tenth %.0f,"
            + " last tenth %.0f), %.0f%% of the drain in claims; %,d ack transactions (%.2f"
            + " jobs each), %.0f us each, %.0f%% of the drain in acks",
        n,
        n == 0 ? 0.0 : (double) claimed.sum() / n,
        emptyClaims.sum(),
        n == 0 ? 0.0 : claimNanos.sum() / 1e3 / n,
        tenthMicros(true),
        tenthMicros(false),
        100.0 * claimNanos.sum() / elapsedNanos,
        a,
        a == 0 ? 0.0 : (double) acked.sum() / a,
        a == 0 ? 0.0 : ackNanos.sum() / 1e3 / a,
        100.0 * ackNanos.sum() / elapsedNanos);
  }
}
