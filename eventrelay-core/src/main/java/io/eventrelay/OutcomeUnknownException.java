package io.eventrelay;

/**
 * The database failed while committing, and whether the commit went through could not be learnt
 * before giving up: the operation may or may not have taken effect. For a publish, the events' ids
 * (which the relay assigned before storing, and which {@link #getMessage()} does not list) decide:
 * an event id is unique within its topic, so reading the topic tells, and publishing the same
 * events again (with the same ids) can never store one twice.
 */
public final class OutcomeUnknownException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the cause is the failure that left the outcome unknown. */
  public OutcomeUnknownException(String message, Throwable cause) {
    super(message, cause, true);
  }
}
