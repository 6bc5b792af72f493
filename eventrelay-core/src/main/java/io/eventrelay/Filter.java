package io.eventrelay;

/** A parsed event filter in EventRelay's filter language. STUB: being implemented. */
public final class Filter {
  private static final Filter ALL = new Filter("");
  private final String text;

  private Filter(String text) {
    this.text = text;
  }

  /** Parses a filter; a blank text matches every event. */
  public static Filter parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    throw new UnsupportedOperationException("filters are not implemented yet");
  }

  /** The filter that matches every event. */
  public static Filter all() {
    return ALL;
  }

  /** Whether this filter matches every event. */
  public boolean isAll() {
    return this == ALL;
  }

  /** Whether the event matches. */
  public boolean matches(Event event) {
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
