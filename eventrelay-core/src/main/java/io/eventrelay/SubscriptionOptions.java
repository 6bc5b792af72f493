package io.eventrelay;

import io.eventrelay.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * How a stream {@link Subscription} reads and holds its lease: its filter, where a new subscription
 * starts, the lease duration, and for {@link Subscription#start(EventHandler) handlers} the batch
 * size, poll interval and retry backoff.
 *
 * <pre>{@code
 * SubscriptionOptions options = SubscriptionOptions.builder()
 *     .filter("name == 'order.placed'")
 *     .startAt(StartPosition.latest())
 *     .build();
 * }</pre>
 *
 * <p>Every setting is checked when it is set, and their combination by {@link Builder#build()}.
 * Instances are immutable and thread-safe.
 */
public final class SubscriptionOptions {
  /** Default for {@link Builder#leaseDuration(Duration)}: 30 seconds. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);

  /** Default for {@link Builder#pollInterval(Duration)}: 500 milliseconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  /** Default for {@link Builder#batchSize(int)}. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** Default first delay of {@link Builder#retryBackoff(Duration, Duration)}: 1 second. */
  public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(1);

  /** Default longest delay of {@link Builder#retryBackoff(Duration, Duration)}: 1 minute. */
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(1);

  private static final Duration MILLISECOND = Duration.ofMillis(1);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final SubscriptionOptions DEFAULTS = builder().build();

  private final Filter filter;
  private final StartPosition startPosition;
  private final Duration leaseDuration;
  private final Duration pollInterval;
  private final int batchSize;
  private final Duration retryInitial;
  private final Duration retryMax;

  private SubscriptionOptions(Builder b) {
    this.filter = b.filter;
    this.startPosition = b.startPosition;
    this.leaseDuration = b.leaseDuration;
    this.pollInterval = b.pollInterval;
    this.batchSize = b.batchSize;
    this.retryInitial = b.retryInitial;
    this.retryMax = b.retryMax;
  }

  /** Every setting at its default: all events, from the earliest, 30 s leases. */
  public static SubscriptionOptions defaults() {
    return DEFAULTS;
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Which events the subscription delivers; {@link Filter#all()} by default. */
  public Filter filter() {
    return filter;
  }

  /** Where a new subscription starts; {@link StartPosition#earliest()} by default. */
  public StartPosition startPosition() {
    return startPosition;
  }

  /** How long a consumer holds the lease without renewing it. */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** How long a handler waits for a wake-up before it looks for events again. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** The most events a handler's subscription reads at once; it commits after each batch. */
  public int batchSize() {
    return batchSize;
  }

  /** The delay before the first retry of a failed handler call. */
  public Duration retryInitial() {
    return retryInitial;
  }

  /** The longest delay between retries of a failed handler call. */
  public Duration retryMax() {
    return retryMax;
  }

  @Override
  public String toString() {
    return "SubscriptionOptions{filter="
        + filter
        + ", startPosition="
        + startPosition
        + ", leaseDuration="
        + leaseDuration
        + ", pollInterval="
        + pollInterval
        + ", batchSize="
        + batchSize
        + ", retryBackoff="
        + retryInitial
        + ".."
        + retryMax
        + "}";
  }

  /** Builds {@link SubscriptionOptions}. Not thread-safe; the options it builds are. */
  public static final class Builder {
    private Filter filter = Filter.all();
    private StartPosition startPosition = StartPosition.earliest();
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration retryInitial = DEFAULT_RETRY_INITIAL;
    private Duration retryMax = DEFAULT_RETRY_MAX;

    private Builder() {}

    /**
     * Delivers only events matching {@code filter}. The filter is part of the subscription: it is
     * stored when the subscription is created, and opening it later with another filter fails. A
     * filter that runs in memory ({@link Filter#of}) is stored by its description.
     */
    public Builder filter(Filter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Parses and sets the filter; see {@link #filter(Filter)}. A null or blank text means all
     * events.
     *
     * @throws FilterSyntaxException if the text is not a valid filter
     */
    public Builder filter(String filter) {
      this.filter = Filter.parse(filter);
      return this;
    }

    /** Where a new subscription starts; ignored when the subscription exists already. */
    public Builder startAt(StartPosition position) {
      this.startPosition = Objects.requireNonNull(position, "position");
      return this;
    }

    /**
     * How long a consumer holds the lease without renewing it; from 1 second to 1 hour, default 30
     * s. Consumers renew it as they poll and commit; a consumer silent for longer loses it to the
     * next that asks. A handler call must finish well within it.
     */
    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = check("leaseDuration", duration, Duration.ofSeconds(1), HOUR);
      return this;
    }

    /**
     * How long a running handler (or {@link Subscription#poll(int, Duration)}) waits for a wake-up
     * (the relay hearing of a commit to the topic) before it looks for events, or for a free lease,
     * again; from 1 millisecond to 1 minute, default 500 ms, and less than a third of the lease
     * duration. Other processes' commits on SQLite, and a lease freed elsewhere, are found this
     * way.
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = check("pollInterval", interval, MILLISECOND, Duration.ofMinutes(1));
      return this;
    }

    /** The most events a running handler's subscription reads at once; 1 to 10,000, default 100. */
    public Builder batchSize(int size) {
      this.batchSize = Checks.between("batchSize", size, 1, 10_000);
      return this;
    }

    /**
     * The delays between retries of a failed handler call: {@code initial}, then doubling up to
     * {@code max}; each from 1 millisecond to 1 hour, {@code max} at least {@code initial}; default
     * 1 second to 1 minute. A delay runs from the start of the failed call, by the relay's clock.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      Duration first = check("retry initial delay", initial, MILLISECOND, HOUR);
      Duration last = check("retry max delay", max, MILLISECOND, HOUR);
      if (last.compareTo(first) < 0) {
        throw new IllegalArgumentException(
            "retry max delay ("
                + last
                + ") must be at least the retry initial delay ("
                + first
                + ")");
      }
      this.retryInitial = first;
      this.retryMax = last;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException if the poll interval is not less than a third of the lease
     *     duration (a running handler renews its lease between polls)
     */
    public SubscriptionOptions build() {
      if (pollInterval.multipliedBy(3).compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException(
            "pollInterval ("
                + pollInterval
                + ") must be less than a third of leaseDuration ("
                + leaseDuration
                + ")");
      }
      return new SubscriptionOptions(this);
    }

    private static Duration check(String what, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, what);
      return Checks.between(what, value, min, max, min + " and " + max);
    }
  }
}
