package io.eventrelay.spi;

import java.time.Duration;

/**
 * Operational meters: what a relay reports as it works, for a metrics system to count and time.
 * Registered with {@link io.eventrelay.EventRelay.Builder#meters(RelayMeters)}; every method does
 * nothing by default, and {@link #NONE} is the relay's default (the shape of HikariCP's metrics
 * tracker: core depends on no metrics library; the metrics add-on binds this to Micrometer).
 *
 * <p>Called on the relay's working threads, often under load: implementations must be thread-safe
 * and quick, and should not throw (what they throw is logged once and otherwise ignored; it never
 * fails the operation).
 */
public interface RelayMeters {
  /** Records nothing. */
  RelayMeters NONE = new RelayMeters() {};

  /** A group commit stored {@code events} events of {@code topics} topics in {@code duration}. */
  default void committed(int events, int topics, Duration duration) {}

  /** A claim on a queue leased {@code jobs} jobs (0 when it found none) in {@code duration}. */
  default void claimed(String topic, String queue, int jobs, Duration duration) {}

  /** {@code jobs} jobs of a queue were acknowledged. */
  default void acknowledged(String topic, String queue, int jobs) {}

  /** An attempt of a job failed and it will be retried. */
  default void failed(String topic, String queue) {}

  /** A job moved to its queue's dead-letter topic after its last attempt. */
  default void deadLettered(String topic, String queue) {}

  /**
   * {@code jobs} jobs of a queue could not be settled or renewed because their lease had ended:
   * they will be delivered again.
   */
  default void leaseLost(String topic, String queue, int jobs) {}

  /** A live listener of {@code topic} dropped an event because its queue was full. */
  default void listenerDropped(String topic) {}

  /**
   * How many events of its topic a stream subscription's handler has still to go through after the
   * batch it just read (0 when it is caught up).
   */
  default void streamLag(String topic, String subscription, long events) {}
}
