package io.eventrelay;

/**
 * The stream subscription does not exist any more: it was deleted ({@link
 * EventRelay#deleteSubscription}) while a consumer had it open. Its handler stops for good.
 */
public final class UnknownSubscriptionException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String subscription;

  /** Creates the exception for subscription {@code subscription} of topic {@code topic}. */
  public UnknownSubscriptionException(String topic, String subscription) {
    super(
        "subscription '"
            + subscription
            + "' on topic '"
            + topic
            + "' does not exist; it was deleted (open it again with EventRelay.subscribe)");
    this.topic = topic;
    this.subscription = subscription;
  }

  /** The subscription's topic. */
  public String topic() {
    return topic;
  }

  /** The subscription's name. */
  public String subscription() {
    return subscription;
  }
}
