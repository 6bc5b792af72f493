package io.eventrelay;

/**
 * A transformer ({@link EventTransformer}) failed on an event of a publish call, which was rejected
 * whole: nothing of it was stored or delivered. The cause is what the transformer threw.
 */
public final class TransformException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  private final int index;

  /**
   * @param index the event's position in its batch, or -1 when a single event was published
   * @param transformer the failing transformer, as it describes itself
   * @param cause what it threw
   */
  public TransformException(int index, String transformer, Throwable cause) {
    super(
        (index >= 0 ? "event[" + index + "]" : "the event")
            + " was rejected by transformer "
            + transformer
            + ": "
            + cause.getMessage(),
        cause);
    this.index = index;
  }

  /** The event's position in the rejected batch, or -1 when a single event was published. */
  public int index() {
    return index;
  }
}
