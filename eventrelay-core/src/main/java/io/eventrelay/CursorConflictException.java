package io.eventrelay;

/**
 * The stream {@link Subscription}'s stored cursor is not where this consumer committed it, because
 * a transaction that moved it ({@link Subscription#commit(java.sql.Connection, long)}) rolled back.
 * The commit that found out did nothing: roll back the transaction it was part of too. This
 * consumer's position restarts after the stored cursor, so the events after it are delivered again.
 */
public final class CursorConflictException extends SubscriptionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param topic the subscription's topic
   * @param subscription the subscription's name
   * @param message where the cursor is, where this consumer believed it was, and what to do
   */
  public CursorConflictException(String topic, String subscription, String message) {
    super(topic, subscription, message);
  }
}
