package io.eventrelay;

import io.eventrelay.internal.Checks;
import io.eventrelay.internal.TopicNames;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a {@link JobQueue} delivers: which events, how long a lease lasts, how often and when a
 * failed job is retried, where it goes after the last attempt, and how many jobs may run at once.
 *
 * <pre>{@code
 * QueueOptions options = QueueOptions.builder()
 *     .filter("name == 'email.requested'")
 *     .maxAttempts(8)
 *     .backoff(BackoffPolicy.exponential(Duration.ofSeconds(5), Duration.ofMinutes(30)))
 *     .concurrencyLimit(20)
 *     .build();
 * }</pre>
 *
 * <p>The filter and the dead-letter topic are stored with the queue when it is created; the other
 * options apply to the relay that uses them, so every process that opens a queue should give it the
 * same options. Instances are immutable and thread-safe.
 */
public final class QueueOptions {
  /** Default for {@link Builder#leaseDuration(Duration)}: 30 seconds. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** Default for {@link Builder#maxAttempts(int)}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** The longest lease (and lease extension) allowed: 24 hours. */
  public static final Duration MAX_LEASE = Duration.ofHours(24);

  private static final QueueOptions DEFAULTS = new Builder().build();

  private final Filter filter;
  private final Duration leaseDuration;
  private final int maxAttempts;
  private final BackoffPolicy backoff;
  private final String deadLetterTopic;
  private final int concurrencyLimit;
  private final boolean fifo;
  private final boolean deliverExisting;

  private QueueOptions(Builder b) {
    this.filter = b.filter;
    this.leaseDuration = b.leaseDuration;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.deadLetterTopic = b.deadLetterTopic;
    this.concurrencyLimit = b.concurrencyLimit;
    this.fifo = b.fifo;
    this.deliverExisting = b.deliverExisting;
  }

  /** Every option at its default. */
  public static QueueOptions defaults() {
    return DEFAULTS;
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive others from them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.filter = filter;
    b.leaseDuration = leaseDuration;
    b.maxAttempts = maxAttempts;
    b.backoff = backoff;
    b.deadLetterTopic = deadLetterTopic;
    b.concurrencyLimit = concurrencyLimit;
    b.fifo = fifo;
    b.deliverExisting = deliverExisting;
    return b;
  }

  /** Which events of the topic become jobs; {@link Filter#all()} by default. */
  public Filter filter() {
    return filter;
  }

  /** How long a claimed job stays leased to its worker unless extended. */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** How many attempts a job gets before it moves to the dead-letter topic. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The delay before a failed job is retried. */
  public BackoffPolicy backoff() {
    return backoff;
  }

  /** The dead-letter topic, if set; by default it is {@code <queue name>_dead}. */
  public Optional<String> deadLetterTopic() {
    return Optional.ofNullable(deadLetterTopic);
  }

  /**
   * The most jobs of the queue leased at once, across all workers and relays; empty for no limit.
   */
  public OptionalInt concurrencyLimit() {
    return concurrencyLimit == 0 ? OptionalInt.empty() : OptionalInt.of(concurrencyLimit);
  }

  /** Whether jobs with the same {@link Event#groupKey()} are delivered one at a time, in order. */
  public boolean fifo() {
    return fifo;
  }

  /** Whether a newly created queue delivers the events already in its topic. */
  public boolean deliverExisting() {
    return deliverExisting;
  }

  @Override
  public String toString() {
    return "QueueOptions{filter='"
        + filter
        + "', leaseDuration="
        + leaseDuration
        + ", maxAttempts="
        + maxAttempts
        + ", deadLetterTopic="
        + deadLetterTopic
        + ", concurrencyLimit="
        + (concurrencyLimit == 0 ? "none" : concurrencyLimit)
        + ", fifo="
        + fifo
        + ", deliverExisting="
        + deliverExisting
        + "}";
  }

  /**
   * Builds {@link QueueOptions}. Each setting is checked when it is set, with an exception that
   * names it and its allowed range. Not thread-safe.
   */
  public static final class Builder {
    private Filter filter = Filter.all();
    private Duration leaseDuration = DEFAULT_LEASE;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private BackoffPolicy backoff =
        BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10));
    private String deadLetterTopic;
    private int concurrencyLimit;
    private boolean fifo;
    private boolean deliverExisting = true;

    private Builder() {}

    /**
     * Only events matching {@code filter} become jobs. A filter that runs in memory ({@link
     * Filter#of}) is tested on each event in the claim that turns events into jobs.
     */
    public Builder filter(Filter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Parses and sets the filter; see {@link Filter#parse(String)}.
     *
     * @throws FilterSyntaxException if the text is not a valid filter
     */
    public Builder filter(String filter) {
      this.filter = Filter.parse(filter);
      return this;
    }

    /**
     * How long a claimed job stays leased; from 1 millisecond to 24 hours, default 30 seconds. A
     * worker that needs longer extends the lease with {@link JobQueue#extend(Job, Duration)}.
     */
    public Builder leaseDuration(Duration lease) {
      this.leaseDuration = checkLease("leaseDuration", lease);
      return this;
    }

    /** How many attempts a job gets; from 1 to 1000, default 5. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = Checks.between("maxAttempts", attempts, 1, 1000);
      return this;
    }

    /**
     * The delay before a failed job is retried; by default exponential from 1 second up to 10
     * minutes, with jitter.
     */
    public Builder backoff(BackoffPolicy backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Where jobs go after their last attempt; a topic name ({@code [a-z][a-z0-9_]*}, at most 50
     * characters) other than the queue's own topic. It is created when missing. Default: {@code
     * <queue name>_dead}.
     */
    public Builder deadLetterTopic(String topic) {
      try {
        this.deadLetterTopic = TopicNames.checkName(topic);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("deadLetterTopic is not allowed: " + e.getMessage(), e);
      }
      return this;
    }

    /** The most jobs leased at once across all workers; from 1 to 1,000,000, default no limit. */
    public Builder concurrencyLimit(int limit) {
      this.concurrencyLimit = Checks.between("concurrencyLimit", limit, 1, 1_000_000);
      return this;
    }

    /**
     * Whether jobs that share a {@link Event#groupKey()} run one at a time, in offset order: a job
     * is not claimed while an earlier job of its group is pending, leased or waiting for a retry.
     * Jobs without a group key are not held back. Default false.
     */
    public Builder fifo(boolean fifo) {
      this.fifo = fifo;
      return this;
    }

    /**
     * Whether a queue created by these options delivers the events already in its topic (default
     * true) or only those published after it was created. No effect on a queue that exists.
     */
    public Builder deliverExisting(boolean deliverExisting) {
      this.deliverExisting = deliverExisting;
      return this;
    }

    /** The options. */
    public QueueOptions build() {
      return new QueueOptions(this);
    }

    private static Duration checkLease(String what, Duration lease) {
      Objects.requireNonNull(lease, what);
      return Checks.between(
          what, lease, Duration.ofMillis(1), MAX_LEASE, "1 millisecond and 24 hours");
    }
  }
}
