package io.eventrelay;

/** Base class of the failures EventRelay reports that are not caused by bad arguments. */
public class EventRelayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public EventRelayException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public EventRelayException(String message, Throwable cause) {
    super(message, cause);
  }
}
