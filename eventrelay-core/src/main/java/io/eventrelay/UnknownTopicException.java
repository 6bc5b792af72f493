package io.eventrelay;

/** The named topic does not exist (it was never created, or it was deleted). */
public final class UnknownTopicException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  private final String topic;

  /** Creates the exception for the topic {@code topic}. */
  public UnknownTopicException(String topic) {
    super("topic '" + topic + "' does not exist; create it with EventRelay.createTopic");
    this.topic = topic;
  }

  /** The name that was not found. */
  public String topic() {
    return topic;
  }
}
