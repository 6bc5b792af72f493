package io.eventrelay.internal.queues;

import io.eventrelay.BackoffPolicy;
import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.Job;
import io.eventrelay.JobHandler;
import io.eventrelay.JobLeaseLostException;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.QueueStats;
import io.eventrelay.Worker;
import io.eventrelay.internal.Checks;
import io.eventrelay.internal.OpenConsumers;
import io.eventrelay.internal.RelayContext;
import io.eventrelay.internal.SafeMeters;
import io.eventrelay.internal.TopicSignals;
import io.eventrelay.internal.Uuids;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueClaim;
import io.eventrelay.spi.QueueRecord;
import io.eventrelay.spi.QueueStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's {@link JobQueue}: checks arguments, decides retries and dead letters, and leaves each
 * state change to one call of the {@link QueueStorage}.
 */
public final class RelayJobQueue implements JobQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RelayJobQueue.class);

  /** The most characters of a failed attempt's error that are kept. */
  static final int MAX_ERROR_LENGTH = 2000;

  private final RelayContext context;
  private final Runnable checkOpen;
  private final QueueRecord record;
  private final QueueOptions options;
  private final Filter deadLetters;
  private final String ownerPrefix = UUID.randomUUID().toString();
  private final AtomicLong claims = new AtomicLong();
  private final Uuids uuids = new Uuids();
  private final JobBatches batches;
  private final LogLimiter deadLettered = LogLimiter.standard("dead letters");

  private RelayJobQueue(
      RelayContext context, Runnable checkOpen, QueueRecord record, QueueOptions options) {
    this.context = context;
    this.checkOpen = checkOpen;
    this.record = record;
    this.options = options;
    this.deadLetters = DeadLetters.filter(record);
    this.batches =
        new JobBatches(
            () -> context.storage().queues(),
            context.clock(),
            options.leaseDuration(),
            new JobBatches.Report() {
              @Override
              public void acknowledged(int jobs) {
                meters().acknowledged(topic(), name(), jobs);
              }

              @Override
              public void leaseLost(int jobs) {
                meters().leaseLost(topic(), name(), jobs);
              }
            });
  }

  /**
   * Opens (creating if needed) the queue {@code name} on {@code topic}.
   *
   * @param topic a checked topic name
   * @param checkOpen throws {@link io.eventrelay.RelayClosedException} once the relay is closed
   */
  public static JobQueue open(
      RelayContext context, Runnable checkOpen, String topic, String name, QueueOptions options) {
    QueueNames.check(name);
    Objects.requireNonNull(options, "options");
    String deadLetterTopic = QueueNames.deadLetterTopic(topic, name, options);
    QueueRecord record =
        context
            .storage()
            .queues()
            .openQueue(topic, name, options.filter(), deadLetterTopic, options.deliverExisting());
    return new RelayJobQueue(context, checkOpen, record, options);
  }

  @Override
  public String topic() {
    return record.topic();
  }

  @Override
  public String name() {
    return record.name();
  }

  @Override
  public QueueOptions options() {
    return options;
  }

  @Override
  public String deadLetterTopic() {
    return record.deadLetterTopic();
  }

  @Override
  public List<Job> claim(int max) {
    checkOpen.run();
    Checks.between("max", max, 1, 1000);
    Instant now = context.clock().instant();
    long started = System.nanoTime();
    List<Delivery> leased =
        storage()
            .claim(
                new QueueClaim(
                    record,
                    ownerPrefix + ":" + claims.incrementAndGet(),
                    max,
                    now,
                    now.plus(options.leaseDuration()),
                    options.concurrencyLimit().orElse(0),
                    options.fifo()));
    meters().claimed(topic(), name(), leased.size(), Duration.ofNanos(System.nanoTime() - started));
    List<Job> jobs = new ArrayList<>(leased.size());
    for (Delivery d : leased) {
      if (d.token().attempt() <= options.maxAttempts()) {
        jobs.add(new ClaimedJob(d));
        continue;
      }
      // Its last attempt's lease expired: this claim only took it to move it to the dead letters.
      int attempts = d.token().attempt() - 1;
      String error =
          "the lease of attempt "
              + attempts
              + " expired before the job was settled"
              + (d.lastError() == null ? "" : "; last recorded error: " + d.lastError());
      try {
        deadLetter(d.token(), d.event(), attempts, truncate(error), now);
      } catch (RuntimeException e) {
        LOG.warn("moving {} to the dead letters failed; a later claim retries", d.token(), e);
      }
    }
    return jobs;
  }

  @Override
  public void ack(Job job) {
    checkOpen.run();
    ClaimedJob j = leased(job);
    storage().ack(j.token());
    j.settle();
    meters().acknowledged(topic(), name(), 1);
  }

  @Override
  public void nack(Job job, Duration delay, String error) {
    checkOpen.run();
    ClaimedJob j = leased(job);
    Objects.requireNonNull(delay, "delay");
    Checks.between("delay", delay, Duration.ZERO, BackoffPolicy.MAX_DELAY, "0 and 30 days");
    Instant now = context.clock().instant();
    if (j.attempt() >= options.maxAttempts()) {
      deadLetter(j.token(), j.event(), j.attempt(), truncate(error), now);
    } else {
      storage().retry(j.token(), now.plus(delay), truncate(error));
      meters().failed(topic(), name());
    }
    j.settle();
  }

  @Override
  public void nack(Job job, String error) {
    nack(job, options.backoff().delay(own(job).attempt()), error);
  }

  @Override
  public void release(Job job, Duration delay) {
    checkOpen.run();
    ClaimedJob j = leased(job);
    Objects.requireNonNull(delay, "delay");
    Checks.between("delay", delay, Duration.ZERO, BackoffPolicy.MAX_DELAY, "0 and 30 days");
    storage().release(j.token(), now().plus(delay));
    j.settle();
    if (delay.isZero() || options.concurrencyLimit().isPresent()) {
      context.signals().signal(record.topic()); // the job, or another in its slot, can run now
    }
  }

  @Override
  public void extend(Job job, Duration duration) {
    checkOpen.run();
    ClaimedJob j = leased(job);
    Objects.requireNonNull(duration, "duration");
    Checks.between(
        "duration",
        duration,
        Duration.ofMillis(1),
        QueueOptions.MAX_LEASE,
        "1 millisecond and 24 hours");
    Instant until = context.clock().instant().plus(duration).truncatedTo(ChronoUnit.MICROS);
    storage().extend(j.token(), until);
    j.leaseUntil(until);
  }

  @Override
  public Worker.Builder worker(JobHandler handler) {
    checkOpen.run();
    return new WorkerBuilder(this, Objects.requireNonNull(handler, "handler"));
  }

  @Override
  public QueueStats stats() {
    checkOpen.run();
    return storage().stats(record, deadLetters, context.clock().instant());
  }

  @Override
  public int redrive(int max) {
    checkOpen.run();
    Checks.between("max", max, 1, 10_000);
    int moved =
        storage()
            .redrive(
                record, deadLetters, DeadLetters::originalOffset, max, context.clock().instant());
    if (moved > 0) {
      context.signals().signal(record.topic());
    }
    return moved;
  }

  @Override
  public int replay(long fromOffset, long toOffset) {
    checkOpen.run();
    if (fromOffset < 1) {
      throw new IllegalArgumentException("fromOffset must be at least 1 (was " + fromOffset + ")");
    }
    if (toOffset < fromOffset) {
      throw new IllegalArgumentException(
          "toOffset must be at least fromOffset " + fromOffset + " (was " + toOffset + ")");
    }
    if (toOffset - fromOffset >= MAX_REPLAY) {
      throw new IllegalArgumentException(
          "toOffset must be less than fromOffset + "
              + MAX_REPLAY
              + " = "
              + (fromOffset + MAX_REPLAY)
              + " (was "
              + toOffset
              + "): one replay covers at most "
              + MAX_REPLAY
              + " offsets");
    }
    int replayed = storage().replay(record, fromOffset, toOffset, now());
    if (replayed > 0) {
      context.signals().signal(record.topic());
    }
    return replayed;
  }

  @Override
  public boolean delete() {
    checkOpen.run();
    boolean existed = storage().deleteQueue(record);
    context.signals().signal(record.topic()); // so that idle workers notice and stop
    return existed;
  }

  /** Batch changes of this queue's jobs, for its workers. */
  JobBatches batches() {
    return batches;
  }

  /** The relay clock's time. */
  Instant now() {
    return context.clock().instant();
  }

  void checkOpen() {
    checkOpen.run();
  }

  TopicSignals signals() {
    return context.signals();
  }

  /** Where the relay keeps its open workers, so that its close closes them. */
  OpenConsumers consumers() {
    return context.consumers();
  }

  private void deadLetter(
      DeliveryToken token, Event original, int attempts, String error, Instant now) {
    Event letter =
        DeadLetters.of(original, record, attempts, error, uuids.next(now.toEpochMilli()), now);
    storage().deadLetter(token, letter, now);
    meters().deadLettered(topic(), name());
    context.signals().signal(record.deadLetterTopic());
    long skipped = deadLettered.admit();
    if (skipped >= 0) {
      LOG.warn(
          "job at offset {} of queue '{}' on topic '{}' moved to the dead-letter topic '{}'"
              + " after {} attempts{}; last error: {}",
          original.offset(),
          name(),
          topic(),
          deadLetterTopic(),
          attempts,
          deadLettered.more(skipped),
          error);
    }
  }

  private ClaimedJob own(Job job) {
    Objects.requireNonNull(job, "job");
    if (!(job instanceof ClaimedJob j) || j.token().queue().id() != record.id()) {
      throw new IllegalArgumentException(
          job + " was not claimed from queue '" + name() + "' on topic '" + topic() + "'");
    }
    return j;
  }

  /**
   * The job, if its lease has not expired by the relay's clock. After its end, a lease no longer
   * belongs to its worker, even before another worker claims the job again: the job will be
   * delivered again, so settling it now would race with that delivery.
   */
  private ClaimedJob leased(Job job) {
    ClaimedJob j = own(job);
    Instant now = context.clock().instant();
    if (now.isAfter(j.leaseUntil())) {
      meters().leaseLost(topic(), name(), 1);
      throw new JobLeaseLostException(
          j.token().describe()
              + " lost its lease: the lease expired at "
              + j.leaseUntil()
              + " (now "
              + now
              + ") and the job will be delivered again");
    }
    return j;
  }

  /** The relay's meters. */
  SafeMeters meters() {
    return context.meters();
  }

  private QueueStorage storage() {
    return context.storage().queues();
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }

  @Override
  public String toString() {
    return "JobQueue{topic=" + topic() + ", name=" + name() + "}";
  }
}
