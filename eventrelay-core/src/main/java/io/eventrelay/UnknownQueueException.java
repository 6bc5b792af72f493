package io.eventrelay;

/**
 * The worker queue does not exist any more: it was deleted ({@link JobQueue#delete()}) while a
 * handle to it was in use. Its workers stop for good.
 */
public final class UnknownQueueException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String queue;

  /** Creates the exception for queue {@code queue} of topic {@code topic}. */
  public UnknownQueueException(String topic, String queue) {
    super(
        "queue '"
            + queue
            + "' on topic '"
            + topic
            + "' does not exist; it was deleted (open it again with EventRelay.queue)");
    this.topic = topic;
    this.queue = queue;
  }

  /** The queue's topic. */
  public String topic() {
    return topic;
  }

  /** The queue's name. */
  public String queue() {
    return queue;
  }
}
