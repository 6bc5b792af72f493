package io.eventrelay;

import java.time.Duration;
import java.util.List;

/**
 * A worker queue over a topic (EventRelay's deliver-once subscription): each event of the topic
 * that matches the queue's filter becomes a job, delivered to one worker at a time. Get one from
 * {@link EventRelay#queue(String, String, QueueOptions)}.
 *
 * <pre>{@code
 * JobQueue mailer = relay.queue("jobs", "mailer", QueueOptions.defaults());
 * try (Worker worker = mailer.worker(job -> send(job.event())).threads(4).start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Guarantees, across every relay on the database:
 *
 * <ul>
 *   <li>A claimed job is leased: no one else gets it until the lease expires. If its worker dies,
 *       the lease expires and the job is delivered again, with its attempt counted.
 *   <li>A job is never lost: it ends acknowledged, or after {@link QueueOptions#maxAttempts()}
 *       attempts it moves to the dead-letter topic as a new event, in the same transaction that
 *       removes it from the queue, and the move is logged at WARN (at most one per 10 seconds; the
 *       others are counted). {@link #redrive(int)} puts dead letters back.
 *   <li>Delivery is at least once: a job whose worker finished but could not acknowledge it before
 *       its lease ended (a worker retries a failed acknowledgement until then) runs again. Handlers
 *       should be idempotent (the event's id is a good key).
 *   <li>Publishing costs nothing per queue: a queue is a cursor over the topic's log plus a small
 *       table of pending and leased jobs.
 * </ul>
 *
 * <p>Handles are thread-safe. Every method throws {@link RelayClosedException} once the relay is
 * closed, and {@link StorageException} if the storage fails. Once the queue was deleted, {@link
 * #claim}, {@link #stats}, {@link #redrive} and {@link #replay} throw {@link UnknownQueueException}
 * ({@link UnknownTopicException} if its topic was deleted), and settling its jobs throws {@link
 * JobLeaseLostException}.
 */
public interface JobQueue {

  /** The most offsets one {@link #replay(long, long)} covers. */
  int MAX_REPLAY = 10_000;

  /** The name of the topic the queue reads. */
  String topic();

  /** The queue's name, unique within its topic. */
  String name();

  /** The options this handle was opened with. */
  QueueOptions options();

  /** The topic where jobs go after their last attempt. */
  String deadLetterTopic();

  /**
   * Leases up to {@code max} jobs, oldest first, for {@link QueueOptions#leaseDuration()}: those
   * that are available (their event's {@code availableAt} and any retry delay have passed), not
   * leased, allowed by the concurrency limit, and, for a FIFO queue, first of their group. Jobs
   * whose lease expired after their last attempt are moved to the dead-letter topic instead.
   *
   * @param max from 1 to 1000
   * @return the jobs, in offset order; empty when none is available
   * @throws IllegalArgumentException if {@code max} is out of range
   */
  List<Job> claim(int max);

  /**
   * Acknowledges a job: it is done and removed from the queue.
   *
   * @throws JobLeaseLostException if the job was already settled, or its lease expired (by the
   *     relay's clock; it will be delivered again); nothing changes
   * @throws IllegalArgumentException if the job was not claimed from this queue
   */
  void ack(Job job);

  /**
   * Fails this attempt: the job is retried after {@code delay}, or, if this was its last attempt,
   * moved to the dead-letter topic with {@code error} as its last error.
   *
   * @param delay zero or more, at most 30 days
   * @param error why the attempt failed (kept up to 2000 characters); may be null
   * @throws JobLeaseLostException as for {@link #ack(Job)}; nothing changes
   * @throws IllegalArgumentException if the job was not claimed from this queue, or the delay is
   *     out of range
   */
  void nack(Job job, Duration delay, String error);

  /**
   * Fails this attempt with the delay of the queue's {@link QueueOptions#backoff()}; see {@link
   * #nack(Job, Duration, String)}.
   */
  void nack(Job job, String error);

  /**
   * Gives the job back without counting this attempt: not the job's failure, but a reason to try it
   * later, such as an open circuit breaker in front of its endpoint. The job becomes claimable
   * again after {@code delay}, with the attempt count it had before this claim and its last error
   * unchanged. Released inside a {@link JobHandler}, the job is settled: the worker does not
   * acknowledge it when the handler returns.
   *
   * @param delay zero or more, at most 30 days
   * @throws JobLeaseLostException as for {@link #ack(Job)}; nothing changes
   * @throws IllegalArgumentException if the job was not claimed from this queue, or the delay is
   *     out of range
   */
  void release(Job job, Duration delay);

  /**
   * Extends the job's lease to {@code duration} from now, for jobs that take longer than the lease.
   * {@link Job#leaseUntil()} then returns the new end.
   *
   * @param duration from 1 millisecond to 24 hours
   * @throws JobLeaseLostException as for {@link #ack(Job)}; nothing changes
   * @throws IllegalArgumentException if the job was not claimed from this queue, or the duration is
   *     out of range
   */
  void extend(Job job, Duration duration);

  /**
   * Starts configuring workers that claim jobs and run {@code handler} on them; see {@link
   * Worker.Builder}.
   */
  Worker.Builder worker(JobHandler handler);

  /** The queue's numbers now, by the relay's clock. */
  QueueStats stats();

  /**
   * Puts up to {@code max} of this queue's dead letters back into the queue, oldest first, as new
   * deliveries of their original events (same offset and id) with fresh attempts; only this queue
   * sees them again, not the topic's other queues. Each dead letter is redriven at most once; the
   * dead-letter events themselves stay in their topic, as a log.
   *
   * @param max from 1 to 10000
   * @return how many jobs were put back; 0 when no dead letter is left to redrive
   */
  int redrive(int max);

  /**
   * Delivers a range of the topic's events to this queue again (not to the topic's other queues):
   * each event from offset {@code fromOffset} to {@code toOffset} that matches the queue's filter
   * and was already turned into a job becomes a pending job again, with fresh attempts and no last
   * error, available at once (or at the event's {@code availableAt}, if later). An event whose job
   * is pending or leased right now is skipped, so a job is never in the queue twice; events the
   * queue has not reached yet are skipped too, since they will be delivered anyway. On a FIFO
   * queue, a replayed job runs before the later jobs of its group. Idle workers are woken.
   *
   * <p>One call covers at most {@value #MAX_REPLAY} offsets; replay a longer range in parts.
   *
   * @param fromOffset the first offset, at least 1
   * @param toOffset the last offset (inclusive), at least {@code fromOffset} and less than {@code
   *     fromOffset + 10000}
   * @return how many jobs were put back
   * @throws IllegalArgumentException if the range is out of bounds
   */
  int replay(long fromOffset, long toOffset);

  /**
   * Deletes the queue with its pending and leased jobs (its dead-letter topic stays). Workers of
   * the queue stop; handles then throw {@link UnknownQueueException}.
   *
   * @return whether the queue existed
   */
  boolean delete();
}
