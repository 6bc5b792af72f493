package io.eventrelay;

/**
 * The stream subscription does not exist any more: it was deleted ({@link
 * EventRelay#deleteSubscription}) while a consumer had it open. Its handler stops for good.
 */
public final class UnknownSubscriptionException extends SubscriptionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for subscription {@code subscription} of topic {@code topic}. */
  public UnknownSubscriptionException(String topic, String subscription) {
    super(
        topic,
        subscription,
        "subscription '"
            + subscription
            + "' on topic '"
            + topic
            + "' does not exist; it was deleted (open it again with EventRelay.subscribe)");
  }
}
