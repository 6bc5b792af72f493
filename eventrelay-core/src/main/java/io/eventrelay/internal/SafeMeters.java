package io.eventrelay.internal;

import io.eventrelay.spi.RelayMeters;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's {@link RelayMeters}, called so that a failing one never fails the relay's work:
 * the first failure is logged at WARN, later ones at DEBUG.
 */
public final class SafeMeters implements RelayMeters {
  private static final Logger LOG = LoggerFactory.getLogger(SafeMeters.class);

  private final RelayMeters meters;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** Wraps {@code meters}. */
  public SafeMeters(RelayMeters meters) {
    this.meters = meters;
  }

  /** Whether anything is recorded at all, so that callers can skip work done only for meters. */
  public boolean enabled() {
    return meters != RelayMeters.NONE;
  }

  @Override
  public void committed(int events, int topics, Duration duration) {
    run(() -> meters.committed(events, topics, duration));
  }

  @Override
  public void claimed(String topic, String queue, int jobs, Duration duration) {
    run(() -> meters.claimed(topic, queue, jobs, duration));
  }

  @Override
  public void acknowledged(String topic, String queue, int jobs) {
    run(() -> meters.acknowledged(topic, queue, jobs));
  }

  @Override
  public void failed(String topic, String queue) {
    run(() -> meters.failed(topic, queue));
  }

  @Override
  public void deadLettered(String topic, String queue) {
    run(() -> meters.deadLettered(topic, queue));
  }

  @Override
  public void leaseLost(String topic, String queue, int jobs) {
    if (jobs > 0) {
      run(() -> meters.leaseLost(topic, queue, jobs));
    }
  }

  @Override
  public void listenerDropped(String topic) {
    run(() -> meters.listenerDropped(topic));
  }

  @Override
  public void streamLag(String topic, String subscription, long events) {
    run(() -> meters.streamLag(topic, subscription, events));
  }

  private void run(Runnable record) {
    if (!enabled()) {
      return;
    }
    try {
      record.run();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn("the relay's meters failed; the relay goes on without this record", e);
      } else {
        LOG.debug("the relay's meters failed again", e);
      }
    }
  }
}
