package io.eventrelay;

import java.time.Instant;
import java.util.Optional;

/**
 * One delivery of an event to a worker, claimed from a {@link JobQueue} with a lease: until {@link
 * #leaseUntil()} no other worker is given the event. Settle it with {@link JobQueue#ack(Job)} or
 * {@link JobQueue#nack(Job, java.time.Duration, String)}; a worker started with {@link
 * JobQueue#worker(JobHandler)} does that for its handler.
 *
 * <p>Instances come only from the queue that claimed them and are thread-safe; {@link
 * #leaseUntil()} reflects {@linkplain JobQueue#extend(Job, java.time.Duration) extensions}.
 */
public interface Job {

  /** The event to process, as stored in the queue's topic (with its offset). */
  Event event();

  /** Which attempt this is: 1 for the first delivery, then 2, 3… after each failure or expiry. */
  int attempt();

  /** When the lease ends, by the relay's clock; after it, the event may be delivered again. */
  Instant leaseUntil();

  /** The error recorded by the previous failed attempt, if any. */
  Optional<String> lastError();
}
