package io.eventrelay;

/**
 * The call came after {@link EventRelay#close()} began, or through a consumer handle (a {@link
 * Subscription}, a {@link Worker}, a {@link Listener}) that was closed. Nothing was done. Workers,
 * handler loops and listeners stop for good on this exception, and on no other failure.
 */
public final class RelayClosedException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message says what was closed. */
  public RelayClosedException(String message) {
    super(message);
  }
}
