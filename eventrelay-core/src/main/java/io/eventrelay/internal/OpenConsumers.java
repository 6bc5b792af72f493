package io.eventrelay.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers, subscriptions and listeners a relay has open, so that closing the relay closes them.
 * Each registers when it opens and leaves when it closes. Thread-safe.
 */
public final class OpenConsumers {
  private static final Logger LOG = LoggerFactory.getLogger(OpenConsumers.class);

  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Registers a consumer that was just opened.
   *
   * @return false if the relay is closing: the caller must close the consumer itself
   */
  public boolean add(AutoCloseable consumer) {
    open.add(consumer);
    if (closed) {
      open.remove(consumer);
      return false;
    }
    return true;
  }

  /** Forgets a consumer that closed. */
  public void remove(AutoCloseable consumer) {
    open.remove(consumer);
  }

  /**
   * Refuses new consumers and closes every open one, in no particular order; one that fails to
   * close is logged and the others still close.
   */
  public void closeAll() {
    closed = true;
    List<AutoCloseable> all = new ArrayList<>(open);
    for (AutoCloseable consumer : all) {
      try {
        consumer.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", consumer, e);
      }
      open.remove(consumer);
    }
  }
}
