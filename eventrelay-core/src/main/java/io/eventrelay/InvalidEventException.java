package io.eventrelay;

/**
 * An event was rejected before anything was written: a required field is missing, a value is too
 * long or malformed, or the event is over the size limit. When the event was part of a batch,
 * {@link #index()} says which one, and nothing of the batch was stored.
 */
public final class InvalidEventException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final String field;

  /**
   * @param index the event's position in its batch, or -1 for a single event
   * @param field the offending field, as named in {@link Event.Builder}
   * @param problem what is wrong and what is allowed
   */
  public InvalidEventException(int index, String field, String problem) {
    super((index >= 0 ? "event[" + index + "]." : "event.") + field + " " + problem);
    this.index = index;
    this.field = field;
  }

  /** The event's position in the rejected batch, or -1 when a single event was published. */
  public int index() {
    return index;
  }

  /** The name of the offending field, for example {@code source} or {@code data}. */
  public String field() {
    return field;
  }
}
