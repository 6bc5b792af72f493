package io.eventrelay;

/**
 * This consumer of a stream {@link Subscription} does not hold the subscription's lease: another
 * consumer took it over after this one's lease expired, or holds it now. Only the lease holder may
 * move the cursor, so the operation did nothing.
 *
 * <p>Events delivered to this consumer after its last successful commit will be delivered again (to
 * whichever consumer holds the lease); work done for them in a transaction committed with {@link
 * Subscription#commit(java.sql.Connection, long)} should be rolled back. The next {@link
 * Subscription#poll(int)} takes the lease again as soon as it is free and restarts from the
 * subscription's cursor.
 */
public final class LeaseLostException extends SubscriptionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param topic the subscription's topic
   * @param subscription the subscription's name
   * @param message what happened and what to do
   */
  public LeaseLostException(String topic, String subscription, String message) {
    super(topic, subscription, message);
  }
}
