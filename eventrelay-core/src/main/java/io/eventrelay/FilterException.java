package io.eventrelay;

/**
 * The predicate of a filter that runs in memory ({@link Filter#of}) threw on an event. The read or
 * claim that evaluated it failed and skipped nothing; the cause is what the predicate threw.
 */
public final class FilterException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  private final String filter;
  private final long offset;

  /**
   * @param filter the filter's description
   * @param event the event it failed on
   * @param cause what the predicate threw
   */
  public FilterException(String filter, Event event, Throwable cause) {
    super(
        "filter '"
            + filter
            + "' failed on event "
            + event.id()
            + (event.offset() > 0
                ? " (topic '" + event.topic() + "', offset " + event.offset() + ")"
                : "")
            + ": "
            + cause,
        cause);
    this.filter = filter;
    this.offset = event.offset();
  }

  /** The failing filter's description. */
  public String filter() {
    return filter;
  }

  /** The offset of the event it failed on, or 0 for an event not yet stored. */
  public long offset() {
    return offset;
  }
}
