package io.eventrelay;

/**
 * Processes one {@link Job} for a {@link Worker}. Returning normally acknowledges the job (unless
 * the handler already settled it itself); throwing is a failure: the job is retried after the
 * queue's {@link BackoffPolicy} delay with the exception's message as its last error, or moves to
 * the dead-letter topic once its attempts are used up.
 *
 * <p>A handler runs on several worker threads at once, so it must be thread-safe. Jobs are
 * delivered at least once: a job whose worker dies, or whose lease expires, is delivered again.
 */
@FunctionalInterface
public interface JobHandler {

  /**
   * Processes the job.
   *
   * @throws Exception to fail this attempt
   */
  void handle(Job job) throws Exception;
}
