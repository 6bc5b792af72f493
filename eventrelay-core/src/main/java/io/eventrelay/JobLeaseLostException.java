package io.eventrelay;

/**
 * A job was settled or extended by a worker that no longer holds its lease: the job was already
 * acknowledged, released for a retry or moved to the dead-letter topic, or its lease expired (by
 * the relay's clock), so it will be, or already was, delivered again. Nothing was changed. The
 * message says which.
 */
public final class JobLeaseLostException extends EventRelayException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened to the job. */
  public JobLeaseLostException(String message) {
    super(message);
  }
}
