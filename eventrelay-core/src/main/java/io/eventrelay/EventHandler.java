package io.eventrelay;

/**
 * Processes one event of a {@link Subscription} started with {@link
 * Subscription#start(EventHandler)}.
 *
 * <p>Returning normally means the event is processed: the subscription's cursor may then move past
 * it. Throwing means it is not: the same event is handed to the handler again, after a backoff,
 * until the handler returns; events after it wait meanwhile. Delivery is at least once, so a
 * handler should tolerate seeing an event again after a consumer crashed or lost its lease.
 *
 * <p>The handler runs on the subscription's own thread, one event at a time, in offset order.
 */
@FunctionalInterface
public interface EventHandler {

  /**
   * Processes {@code event}.
   *
   * @throws Exception to have the event retried after a backoff
   */
  void handle(Event event) throws Exception;
}
