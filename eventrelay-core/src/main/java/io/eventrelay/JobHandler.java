package io.eventrelay;

/**
 * Processes one {@link Job} for a {@link Worker}. Returning normally acknowledges the job (unless
 * the handler already settled it itself); throwing is a failure: the job is retried after the
 * queue's {@link BackoffPolicy} delay, or moves to the dead-letter topic once its attempts are used
 * up. The job keeps the exception as its last error ({@link Job#lastError()}, and the dead letter's
 * {@code context.dead_letter.error}): its class and message, its top five stack frames and its
 * causes' classes and messages, up to 2000 characters. The worker logs the failure at WARN with its
 * stack trace (ERROR for an {@link Error}); when a handler fails often, it logs one failure per 10
 * seconds and counts the others.
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
