package io.eventrelay;

/**
 * The storage failed (the database is unreachable, a statement failed, a migration is missing).
 * Whatever operation raised it did not take effect, unless its documentation says otherwise.
 */
public final class StorageException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message and its cause. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception with a message. */
  public StorageException(String message) {
    super(message);
  }
}
