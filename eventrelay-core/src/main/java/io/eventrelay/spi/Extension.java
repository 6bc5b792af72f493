package io.eventrelay.spi;

import io.eventrelay.EventRelay;

/**
 * An add-on that runs with a relay (webhook delivery, metrics, …), registered with {@link
 * EventRelay.Builder#extension(Extension)}.
 *
 * <p>Lifecycle: {@link EventRelay.Builder#build()} starts the storage, then starts each extension
 * in registration order. If one fails to start, {@code build()} fails with its name in the message,
 * after closing those already started (in reverse order) and the storage. {@link
 * EventRelay#close()} closes extensions in reverse registration order, before it stops the relay's
 * consumers and closes the storage; workers, subscriptions and listeners that an extension opened
 * on the relay are closed with the relay even if the extension does not close them.
 *
 * <p>An extension is started at most once; one instance serves one relay.
 */
public interface Extension {

  /** A short name for messages and logs; the class's simple name by default. */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * Starts the extension on a relay whose storage has started. The relay is usable: the extension
   * may create topics, open queues, start workers.
   *
   * @throws RuntimeException to fail {@link EventRelay.Builder#build()}
   */
  void start(EventRelay relay);

  /**
   * Stops the extension; called once, while the relay closes, after it refuses new calls but before
   * its consumers stop and its storage closes. What it throws is logged, and the relay closes the
   * rest anyway. Does nothing by default.
   */
  default void close() {}
}
