package io.eventrelay.spi;

/**
 * Identifies one lease of one delivery: settling or extending a delivery succeeds only while the
 * delivery still carries this owner and attempt number.
 *
 * @param queue the queue
 * @param offset the offset of the delivered event in the queue's topic
 * @param owner the lease owner, unique to the claim that took the lease
 * @param attempt the attempt the lease is for, from 1
 */
public record DeliveryToken(QueueRecord queue, long offset, String owner, int attempt) {

  /** Names the job for messages: offset, queue, topic and attempt. */
  public String describe() {
    return "the job at offset "
        + offset
        + " of queue '"
        + queue.name()
        + "' on topic '"
        + queue.topic()
        + "' (attempt "
        + attempt
        + ")";
  }
}
