package io.eventrelay;

/**
 * A live listener registered with {@link Topic#listen(Filter, java.util.function.Consumer)}: a
 * thread of its own that applies the filter to each event published through the relay on its topic
 * and calls the handler with those that match, best effort, in commit order. Publishers only queue
 * events for it; the filter never runs on their threads. Close it to stop delivery; closing the
 * relay closes it too.
 *
 * <p>Thread-safe.
 */
public interface Listener extends AutoCloseable {

  /**
   * How many events may wait for a listener's thread (its filter, then its handler) before further
   * ones are dropped: 1,024.
   */
  int QUEUE_CAPACITY = 1024;

  /**
   * How many events were dropped for this listener because its queue was full (the handler fell
   * behind by more than {@link #QUEUE_CAPACITY} events). Events are queued before the filter runs,
   * on the listener's thread, so this counts every dropped event of the listener's topic (and
   * identifier), including any the filter would not have matched. Other listeners and the
   * publishers are not affected by a drop.
   */
  long droppedCount();

  /**
   * Stops delivery: the handler is not called again, and events still queued for it are discarded.
   * Waits for a handler call in progress to return, except when called from the handler itself.
   * Idempotent.
   */
  @Override
  void close();
}
