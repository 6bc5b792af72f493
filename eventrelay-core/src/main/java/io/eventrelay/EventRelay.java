package io.eventrelay;

import io.eventrelay.internal.Checks;
import io.eventrelay.internal.GroupCommitter;
import io.eventrelay.internal.GroupCommitter.Committed;
import io.eventrelay.internal.OpenConsumers;
import io.eventrelay.internal.RelayContext;
import io.eventrelay.internal.SafeMeters;
import io.eventrelay.internal.TopicNames;
import io.eventrelay.internal.TopicSignals;
import io.eventrelay.internal.Transformers;
import io.eventrelay.internal.listeners.ListenerRegistry;
import io.eventrelay.internal.queues.RelayJobQueue;
import io.eventrelay.internal.streams.StreamSubscription;
import io.eventrelay.spi.Extension;
import io.eventrelay.spi.RelayMeters;
import io.eventrelay.spi.Storage;
import io.eventrelay.spi.TopicRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: durable, ordered topics of events on a {@link Storage}.
 *
 * <pre>{@code
 * try (EventRelay relay = EventRelay.builder().storage(JdbcStorage.sqlite(Path.of("events.db"))).build()) {
 *   Topic audit = relay.createTopic("audit");
 *   audit.publish(Event.builder("user.login").source("web").data("{\"ip\":\"10.0.0.1\"}").build());
 * }
 * }</pre>
 *
 * <p>A relay is thread-safe; one per application and database is the intended use, though several
 * relays (in one process or many) may share a database. Closing the relay closes its storage; every
 * method then throws {@link RelayClosedException}.
 */
public final class EventRelay implements AutoCloseable {
  /** How long {@link #close()} waits for publishes that are committing. */
  public static final Duration CLOSE_COMMIT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

  private final Storage storage;
  private final Clock clock;
  private final EventValidator validator;
  private final GroupCommitter groupCommitter;
  private final RelayContext context;
  private final ListenerRegistry listeners;
  private final List<Extension> extensions;
  private final Transformers transformers;
  private final List<Extension> started = new ArrayList<>();
  private volatile boolean closed;

  private EventRelay(Builder b) {
    SafeMeters meters = new SafeMeters(b.meters);
    this.listeners = new ListenerRegistry(meters);
    this.storage = b.storage;
    this.clock = b.clock;
    this.validator = new EventValidator(clock, b.maxEventSize);
    this.groupCommitter =
        new GroupCommitter(storage, clock, b.maxEventsPerCommit, this::dispatchCommitted, meters);
    this.extensions = List.copyOf(b.extensions);
    this.transformers = new Transformers(b.transformers);
    this.context =
        new RelayContext(storage, clock, new TopicSignals(), new OpenConsumers(), meters);
    storage.watchChanges(context.signals());
  }

  /** Starts configuring a relay; {@link Builder#storage(Storage)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the topic if it does not exist yet, and returns it either way.
   *
   * @param name {@code [a-z][a-z0-9_]*}, at most 50 characters
   * @throws IllegalArgumentException if the name is not allowed
   */
  public Topic createTopic(String name) {
    checkOpen();
    TopicRecord record = storage.createTopic(TopicNames.checkName(name));
    return new RelayTopic(this, record.name(), null);
  }

  /**
   * The topic at {@code address}: a name ({@code users}) or a name and identifier ({@code
   * users:123}), whose handle publishes and reads events with that identifier.
   *
   * @throws UnknownTopicException if the topic does not exist
   * @throws IllegalArgumentException if the address is malformed
   */
  public Topic topic(String address) {
    return findTopic(address).orElseThrow(() -> new UnknownTopicException(address.split(":")[0]));
  }

  /** The topic at {@code address}, if it exists; see {@link #topic(String)}. */
  public Optional<Topic> findTopic(String address) {
    checkOpen();
    String[] parts = TopicNames.parseAddress(address);
    return storage.findTopic(parts[0]).map(t -> new RelayTopic(this, t.name(), parts[1]));
  }

  /** Every topic, ordered by name. */
  public List<Topic> topics() {
    checkOpen();
    return storage.listTopics().stream()
        .map(t -> (Topic) new RelayTopic(this, t.name(), null))
        .toList();
  }

  /**
   * Deletes a topic and all its events. Handles to it then throw {@link UnknownTopicException}.
   *
   * @return whether the topic existed
   */
  public boolean deleteTopic(String name) {
    checkOpen();
    return storage.deleteTopic(TopicNames.checkName(name));
  }

  /**
   * Opens the stream subscription {@code name} on {@code topic}, creating it if it does not exist
   * (its cursor then starts at the options' {@link SubscriptionOptions#startPosition() start
   * position}); an existing subscription keeps its cursor. The returned object is one consumer of
   * it: see {@link Subscription}. Closing the relay closes it.
   *
   * @param topic a topic name, without identifier
   * @param name {@code [a-z][a-z0-9_]*}, at most 50 characters, unique within the topic
   * @throws IllegalArgumentException if a name is not allowed, if the subscription exists with
   *     another filter, or if a new subscription's start offset lies beyond the topic's end;
   *     nothing is stored
   * @throws UnknownTopicException if the topic does not exist
   * @throws UnsupportedOperationException if the storage does not support subscriptions
   */
  public Subscription subscribe(String topic, String name, SubscriptionOptions options) {
    checkOpen();
    TopicNames.checkName(topic);
    Objects.requireNonNull(options, "options");
    return StreamSubscription.open(
        context, topic, name, options, () -> options.startPosition().initialCursor(storage, topic));
  }

  /**
   * Deletes the stream subscription {@code name} on {@code topic}: its cursor and lease. Its open
   * consumers then throw {@link UnknownSubscriptionException}.
   *
   * @return whether it existed
   * @throws IllegalArgumentException if a name is not allowed
   */
  public boolean deleteSubscription(String topic, String name) {
    checkOpen();
    TopicNames.checkName(topic);
    return storage.streams().delete(topic, StreamSubscription.checkName(name));
  }

  /**
   * Opens the worker queue {@code name} on {@code topic}, creating it (and its dead-letter topic)
   * if it does not exist; see {@link JobQueue}. A new queue stores the options' filter and
   * dead-letter topic; an existing queue keeps its jobs. Closing the relay stops its workers.
   *
   * @param topic a topic name, without identifier
   * @param name {@code [a-z][a-z0-9_]*}, at most 50 characters, unique within the topic
   * @throws IllegalArgumentException if a name is not allowed, the dead-letter topic is the topic
   *     itself, or the queue exists with another filter or dead-letter topic; nothing is stored
   * @throws UnknownTopicException if the topic does not exist
   * @throws UnsupportedOperationException if the storage does not support queues
   */
  public JobQueue queue(String topic, String name, QueueOptions options) {
    checkOpen();
    return RelayJobQueue.open(context, this::checkOpen, TopicNames.checkName(topic), name, options);
  }

  /** {@link #queue(String, String, QueueOptions)} with {@link QueueOptions#defaults()}. */
  public JobQueue queue(String topic, String name) {
    return queue(topic, name, QueueOptions.defaults());
  }

  /** The relay's clock, which times events and leases. */
  public Clock clock() {
    return clock;
  }

  /**
   * Closes the relay: from the start, every method throws {@link RelayClosedException}. Then it
   * stops the relay's workers (their running jobs may finish within the workers' shutdown timeout,
   * and finished jobs are acknowledged), stream subscriptions (waiting for handler calls in
   * progress to return) and live listeners; lets publishes under way finish their commit (up to
   * {@link #CLOSE_COMMIT_TIMEOUT}); and closes the storage. Each wait is bounded, so close returns
   * in bounded time. Idempotent; may be called from a handler of the relay's own consumers.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closeExtensions();
    context.consumers().closeAll();
    listeners.closeAll();
    if (!groupCommitter.close(CLOSE_COMMIT_TIMEOUT)) {
      LOG.warn(
          "publishes were still committing {} after close began; closing the storage anyway",
          CLOSE_COMMIT_TIMEOUT);
    }
    storage.close();
  }

  /** Starts the extensions in order; if one fails, closes the relay and reports which. */
  private void startExtensions() {
    for (Extension extension : extensions) {
      try {
        extension.start(this);
      } catch (RuntimeException | Error e) {
        close();
        throw new EventRelayException(
            "extension '" + extension.name() + "' failed to start: " + e.getMessage(), e);
      }
      synchronized (started) {
        started.add(extension);
      }
    }
  }

  /** Closes the started extensions in reverse order; a failure is logged and the others close. */
  private void closeExtensions() {
    List<Extension> toClose;
    synchronized (started) {
      toClose = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(toClose);
    for (Extension extension : toClose) {
      try {
        extension.close();
      } catch (RuntimeException e) {
        LOG.warn("closing extension '{}' failed", extension.name(), e);
      }
    }
  }

  void checkOpen() {
    if (closed) {
      throw new RelayClosedException("this EventRelay is closed");
    }
  }

  Storage storage() {
    return storage;
  }

  EventValidator validator() {
    return validator;
  }

  /**
   * Transforms and validates the drafts of one publish call to {@code topic}: the events to store
   * or deliver, for any topics, in order; empty when the transformers dropped them all.
   *
   * @param single whether the call published one event (errors then name no index)
   */
  List<Event> prepare(String topic, String identifier, List<Event> drafts, boolean single) {
    if (transformers.isEmpty()) {
      return single
          ? List.of(validator.prepare(topic, identifier, drafts.get(0), -1))
          : validator.prepareAll(topic, identifier, drafts);
    }
    if (!single) {
      validator.checkBatch(drafts);
    }
    String address = identifier == null ? topic : topic + ":" + identifier;
    List<Event> ready = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      int index = single ? -1 : i;
      Event draft = drafts.get(i);
      if (draft == null) {
        validator.prepare(topic, identifier, null, index); // throws, naming the index
      }
      for (EventTransformer.Output out : transformers.apply(index, address, draft)) {
        String[] target;
        try {
          target = TopicNames.parseAddress(out.topic());
        } catch (IllegalArgumentException e) {
          throw new TransformException(index, "output", e);
        }
        ready.add(validator.prepare(target[0], target[1], out.event(), index));
      }
    }
    return ready;
  }

  GroupCommitter groupCommitter() {
    return groupCommitter;
  }

  RelayContext context() {
    return context;
  }

  ListenerRegistry listeners() {
    return listeners;
  }

  /**
   * After each commit, on the committing thread and in commit order: wakes the topics' consumers
   * (once per topic run, not once per publisher) and hands the events to live listeners.
   */
  private void dispatchCommitted(List<Event> events, Committed committed) {
    String signalled = null;
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      if (!event.topic().equals(signalled)) {
        signalled = event.topic();
        context.signals().signal(signalled);
      }
      if (listeners.listens(event.topic())) {
        listeners.dispatch(event.stored(committed.offsets()[i], committed.recordedAt()));
      }
    }
  }

  /**
   * Configures an {@link EventRelay}. Every setting is checked when it is set and again by {@link
   * #build()}; a built relay's configuration never changes.
   */
  public static final class Builder {
    /** Default for {@link #maxEventSize(int)}: 1 MiB. */
    public static final int DEFAULT_MAX_EVENT_SIZE = 1 << 20;

    /** Default for {@link #maxEventsPerCommit(int)}. */
    public static final int DEFAULT_MAX_EVENTS_PER_COMMIT = 1000;

    private Storage storage;
    private Clock clock = Clock.systemUTC();
    private int maxEventSize = DEFAULT_MAX_EVENT_SIZE;
    private int maxEventsPerCommit = DEFAULT_MAX_EVENTS_PER_COMMIT;
    private final List<Extension> extensions = new ArrayList<>();
    private final List<EventTransformer> transformers = new ArrayList<>();
    private RelayMeters meters = RelayMeters.NONE;

    private Builder() {}

    /**
     * Where the relay reports what it does (commits, claims, acknowledgements, dead letters, lost
     * leases, dropped listener events, stream lag); {@link RelayMeters#NONE} by default.
     */
    public Builder meters(RelayMeters meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    /**
     * Adds a transformer that every publish runs, after those added before it; see {@link
     * EventTransformer}.
     */
    public Builder transformer(EventTransformer transformer) {
      transformers.add(Objects.requireNonNull(transformer, "transformer"));
      return this;
    }

    /**
     * Registers an add-on, started by {@link #build()} after the storage, in registration order,
     * and closed by {@link EventRelay#close()} in reverse order; see {@link Extension}.
     *
     * @throws IllegalArgumentException if this extension is already registered
     */
    public Builder extension(Extension extension) {
      Objects.requireNonNull(extension, "extension");
      if (extensions.contains(extension)) {
        throw new IllegalArgumentException(
            "extension '" + extension.name() + "' is already registered");
      }
      extensions.add(extension);
      return this;
    }

    /** Where events are kept; required. The relay starts it on build and closes it on close. */
    public Builder storage(Storage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /** The clock for event times, ids and leases; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest event accepted, in bytes of data, context and text fields together; from 1 KiB to
     * 64 MiB, default 1 MiB.
     */
    public Builder maxEventSize(int bytes) {
      if (bytes < 1024 || bytes > 64 << 20) {
        throw new IllegalArgumentException(
            "maxEventSize must be between 1024 and 67108864 bytes (was " + bytes + ")");
      }
      this.maxEventSize = bytes;
      return this;
    }

    /**
     * The most events that group commit gathers from concurrent publishers into one transaction;
     * from 1 to 100,000, default 1,000. A single batch larger than this still commits whole.
     */
    public Builder maxEventsPerCommit(int events) {
      this.maxEventsPerCommit = Checks.between("maxEventsPerCommit", events, 1, 100_000);
      return this;
    }

    /**
     * Starts the storage, then the extensions, and returns the relay.
     *
     * @throws IllegalStateException if no storage was set
     * @throws StorageException if the storage cannot start
     * @throws EventRelayException if an extension fails to start (its name is in the message); the
     *     extensions started before it and the storage are closed
     */
    public EventRelay build() {
      if (storage == null) {
        throw new IllegalStateException("storage is required: call storage(...) before build()");
      }
      storage.start(clock);
      EventRelay relay = new EventRelay(this);
      relay.startExtensions();
      return relay;
    }
  }
}
