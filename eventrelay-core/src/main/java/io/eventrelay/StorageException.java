package io.eventrelay;

/**
 * The storage failed (the database is unreachable, a statement failed, a migration is missing).
 * Whatever operation raised it did not take effect, unless its documentation says otherwise: an
 * operation whose outcome could not be learnt throws {@link OutcomeUnknownException} instead.
 *
 * <p>{@link #isTransient()} tells a failure of the database or of the connection to it (the same
 * call may succeed later) from one of the operation itself (a constraint, a malformed statement).
 */
public class StorageException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  /** Creates an exception for a failure of the operation itself. */
  public StorageException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** Creates an exception for a failure of the operation itself. */
  public StorageException(String message) {
    this(message, null, false);
  }

  /**
   * Creates an exception.
   *
   * @param transientFailure whether the database or the connection failed, rather than the
   *     operation; see {@link #isTransient()}
   */
  public StorageException(String message, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /**
   * Whether the database or the connection to it failed (unreachable, connection dropped or
   * terminated, server shutting down, no pooled connection free within the pool's timeout), so that
   * the same call may succeed later; false when the operation itself failed and would fail again.
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
