package io.eventrelay;

/**
 * A failure that concerns one stream {@link Subscription}: which one it was is in {@link #topic()}
 * and {@link #subscription()}. The subtypes say what happened.
 */
public abstract class SubscriptionException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String subscription;

  /**
   * Creates the exception.
   *
   * @param topic the subscription's topic
   * @param subscription the subscription's name
   * @param message what happened and what to do
   */
  protected SubscriptionException(String topic, String subscription, String message) {
    super(message);
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
