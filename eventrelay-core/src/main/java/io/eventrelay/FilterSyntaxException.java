package io.eventrelay;

/**
 * A filter's text is not valid: the message says where and why, for example {@code filter syntax
 * error at position 8: expected a value after '==' but found end of input in: name == }.
 *
 * <p>Thrown by {@link Filter#parse(String)}; an invalid filter is always an error and never
 * degrades to matching every event.
 */
public class FilterSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String filter;
  private final int position;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param filter the whole filter text
   * @param position the 0-based index of the offending character; the text's length for a problem
   *     at its end
   * @param reason what is wrong, without the position or the text
   */
  public FilterSyntaxException(String filter, int position, String reason) {
    super("filter syntax error at position " + position + ": " + reason + " in: " + filter);
    this.filter = filter;
    this.position = position;
    this.reason = reason;
  }

  /** The 0-based character index of the error; the text's length for a problem at its end. */
  public int position() {
    return position;
  }

  /** The filter text that failed to parse. */
  public String filter() {
    return filter;
  }

  /** What is wrong, without the position or the text. */
  public String reason() {
    return reason;
  }
}
