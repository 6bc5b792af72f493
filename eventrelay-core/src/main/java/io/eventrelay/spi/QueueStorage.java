package io.eventrelay.spi;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.QueueStats;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Where a storage keeps worker queues; see {@link io.eventrelay.JobQueue} for the guarantees. The
 * relay validates arguments and decides retries and dead letters; a storage makes each call one
 * atomic transaction that is correct with any number of relays claiming from the same queue.
 *
 * <p>A queue is a cursor over its topic ({@code scanned}, the last offset turned into deliveries)
 * and a set of deliveries (offset, group key, available-at time, attempts, lease owner and end,
 * last error); publishing touches neither. A claim first turns events after the cursor that match
 * the filter into deliveries, available at their {@code availableAt} or else their recording time,
 * then leases deliveries, incrementing their attempts.
 *
 * <p>A queue's filter may run in memory only ({@link Filter#isInMemory()}): then a claim and a
 * replay read the events and test {@link Filter#matches} on each in Java, in the transaction that
 * turns them into deliveries, and {@link #stats} counts events after the cursor without it. {@link
 * StoredFilters} says how to keep a filter and recognise it when the queue is reopened.
 *
 * <p>Every method that takes a {@link DeliveryToken} changes the delivery only if it still carries
 * that token's owner and attempt, whether or not its lease has expired; otherwise it throws {@link
 * io.eventrelay.JobLeaseLostException} saying what became of the delivery, and changes nothing.
 *
 * <p>Dead letters: a dead-letter event records its source in its context as {@code dead_letter}
 * {@code {topic, queue, offset, attempts, error}}; the relay passes the filter that selects a
 * queue's dead letters. Implementations must be thread-safe.
 */
public interface QueueStorage {

  /**
   * Creates the queue if it does not exist, with its cursor at the start of the topic (or at its
   * end, if {@code deliverExisting} is false), and creates the dead-letter topic if missing.
   *
   * @return the queue as stored
   * @throws io.eventrelay.UnknownTopicException if the topic does not exist; nothing is created
   * @throws IllegalArgumentException if the queue exists with another filter or dead-letter topic;
   *     nothing changes
   */
  QueueRecord openQueue(
      String topic, String name, Filter filter, String deadLetterTopic, boolean deliverExisting);

  /**
   * Deletes the queue and its deliveries.
   *
   * @return whether it existed
   */
  boolean deleteQueue(QueueRecord queue);

  /**
   * Turns new matching events into deliveries, then leases claimable deliveries, oldest first.
   *
   * @return the leased deliveries with their events, in offset order
   * @throws io.eventrelay.UnknownTopicException if the topic was deleted
   * @throws io.eventrelay.UnknownQueueException if the queue was deleted
   */
  List<Delivery> claim(QueueClaim claim);

  /** Deletes the delivery (it is done). */
  void ack(DeliveryToken token);

  /**
   * Ends the lease; the delivery is claimable again at {@code availableAt}, with its last error.
   */
  void retry(DeliveryToken token, Instant availableAt, String error);

  /**
   * Ends the lease without counting the attempt (the delivery's attempts go back to what they were
   * before the claim) and keeps its last error; the delivery is claimable again at {@code
   * availableAt}: the relay passes its clock's now for a job given back at once (a worker stopping
   * or pausing), or a later time ({@link io.eventrelay.JobQueue#release}).
   */
  void release(DeliveryToken token, Instant availableAt);

  /** Moves the lease's end to {@code leaseUntil}. */
  void extend(DeliveryToken token, Instant leaseUntil);

  /**
   * Acknowledges several deliveries in one transaction, as a worker does with the jobs its handlers
   * finished. A delivery that no longer carries its token is left as it is; the others are deleted.
   *
   * @return for each token, in order, whether its delivery was deleted
   */
  default boolean[] ackAll(List<DeliveryToken> tokens) {
    return eachOf(tokens, this::ack);
  }

  /**
   * Releases several leases (see {@link #release}) in one transaction, as a worker does with the
   * jobs it claimed but did not start.
   *
   * @return for each token, in order, whether its lease was released
   */
  default boolean[] releaseAll(List<DeliveryToken> tokens, Instant availableAt) {
    return eachOf(tokens, t -> release(t, availableAt));
  }

  /**
   * Moves several leases' end to {@code leaseUntil} in one transaction, as a worker does for the
   * jobs waiting for a free thread.
   *
   * @return for each token, in order, whether its lease was extended
   */
  default boolean[] extendAll(List<DeliveryToken> tokens, Instant leaseUntil) {
    return eachOf(tokens, t -> extend(t, leaseUntil));
  }

  /**
   * In one transaction, deletes the delivery and appends {@code deadLetter} (a validated event; its
   * topic field is ignored) to the queue's dead-letter topic, created if missing.
   */
  void deadLetter(DeliveryToken token, Event deadLetter, Instant recordedAt);

  /**
   * In one transaction: reads up to {@code max} events of the dead-letter topic after the queue's
   * redrive cursor that match {@code deadLetters}, puts a fresh delivery (attempts 0, available at
   * {@code now}) of each one's original event back into the queue unless the queue already has a
   * delivery of it, and moves the cursor past them.
   *
   * @param originalOffset the original event's offset read from a dead letter, or 0 to skip it
   * @return how many deliveries were put back
   */
  int redrive(
      QueueRecord queue,
      Filter deadLetters,
      ToLongFunction<Event> originalOffset,
      int max,
      Instant now);

  /**
   * In one transaction: puts a fresh delivery (attempts 0, no last error, available at {@code now}
   * or at the event's {@code availableAt} if later) back into the queue for each event of its topic
   * from offset {@code fromOffset} to {@code toOffset} that the queue already turned into
   * deliveries (at or before its cursor) and that matches its filter, unless the queue has a
   * delivery of that event now (pending or leased). Events after the cursor are left alone.
   *
   * @param fromOffset at least 1
   * @param toOffset at least {@code fromOffset}; the relay bounds {@code toOffset - fromOffset}
   * @return how many deliveries were put back
   * @throws io.eventrelay.UnknownTopicException if the topic was deleted
   * @throws io.eventrelay.UnknownQueueException if the queue was deleted
   */
  int replay(QueueRecord queue, long fromOffset, long toOffset, Instant now);

  /**
   * The queue's numbers at {@code now}, read consistently. Pending counts events after the cursor
   * that match the filter as well as deliveries; dead letters are the events of the dead-letter
   * topic after the redrive cursor that match {@code deadLetters}.
   */
  QueueStats stats(QueueRecord queue, Filter deadLetters, Instant now);

  /**
   * Applies {@code change} to each token in turn, one transaction each: the batch operations'
   * fallback for a storage without a cheaper way.
   */
  private static boolean[] eachOf(List<DeliveryToken> tokens, Consumer<DeliveryToken> change) {
    boolean[] changed = new boolean[tokens.size()];
    for (int i = 0; i < changed.length; i++) {
      try {
        change.accept(tokens.get(i));
        changed[i] = true;
      } catch (JobLeaseLostException lost) {
        changed[i] = false;
      }
    }
    return changed;
  }
}
