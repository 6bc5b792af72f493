package io.eventrelay.jdbc.contract;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.QueueStats;
import io.eventrelay.StorageException;
import io.eventrelay.spi.AggregateRequest;
import io.eventrelay.spi.AggregateResult;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueClaim;
import io.eventrelay.spi.QueueRecord;
import io.eventrelay.spi.QueueStorage;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.Storage;
import io.eventrelay.spi.StreamRecord;
import io.eventrelay.spi.StreamStorage;
import io.eventrelay.spi.TopicRecord;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A {@link Storage} that delegates to a real one and fails chosen operations on command: the
 * cheapest way to test what the relay does when its database fails.
 *
 * <p>Operations are named as the SPI names them: {@code append}, {@code read}, {@code lastOffset},
 * …, {@code streams.commit}, {@code streams.renew}, …, {@code queues.claim}, {@code queues.ackAll},
 * … A rule fails an operation a number of times (or until {@link #heal}), either {@link
 * When#BEFORE} delegating (nothing happened) or {@link When#AFTER} (the operation took effect, but
 * the caller is told it failed: a connection lost during COMMIT). Thread-safe.
 */
final class FailingStorage implements Storage {
  /** When a failing operation fails. */
  enum When {
    /** Before reaching the real storage: the operation did not happen. */
    BEFORE,
    /** After the real storage did it: it happened, but the caller gets the failure. */
    AFTER
  }

  private record Rule(When when, AtomicInteger left, Supplier<RuntimeException> failure) {}

  private final Storage real;
  private final Map<String, Rule> rules = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final StreamStorage streams = new FailingStreams();
  private final QueueStorage queues = new FailingQueues();

  FailingStorage(Storage real) {
    this.real = real;
  }

  /** A transient storage failure, as a dropped connection gives. */
  static StorageException connectionLost(String operation) {
    return new StorageException("injected: connection lost during " + operation, null, true);
  }

  /** Fails the next {@code times} calls of {@code operation} (-1: until healed). */
  FailingStorage fail(String operation, When when, int times) {
    rules.put(operation, new Rule(when, new AtomicInteger(times), () -> connectionLost(operation)));
    return this;
  }

  /** Fails the next {@code times} calls of {@code operation} with what {@code failure} makes. */
  FailingStorage fail(String operation, When when, int times, Supplier<RuntimeException> failure) {
    rules.put(operation, new Rule(when, new AtomicInteger(times), failure));
    return this;
  }

  /** Stops failing {@code operation}. */
  void heal(String operation) {
    rules.remove(operation);
  }

  /** Stops failing anything. */
  void healAll() {
    rules.clear();
  }

  /** How many times {@code operation} was called (failed calls included). */
  int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  private <T> T call(String operation, Supplier<T> delegate) {
    calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    Rule rule = rules.get(operation);
    boolean failing =
        rule != null && rule.left.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0; // -1: until healed
    if (failing && rule.when == When.BEFORE) {
      throw rule.failure.get();
    }
    T result = delegate.get();
    if (failing) {
      throw rule.failure.get();
    }
    return result;
  }

  private void run(String operation, Runnable delegate) {
    call(
        operation,
        () -> {
          delegate.run();
          return null;
        });
  }

  @Override
  public void start(Clock clock) {
    real.start(clock);
  }

  @Override
  public TopicRecord createTopic(String name) {
    return call("createTopic", () -> real.createTopic(name));
  }

  @Override
  public Optional<TopicRecord> findTopic(String name) {
    return call("findTopic", () -> real.findTopic(name));
  }

  @Override
  public List<TopicRecord> listTopics() {
    return call("listTopics", real::listTopics);
  }

  @Override
  public boolean deleteTopic(String name) {
    return call("deleteTopic", () -> real.deleteTopic(name));
  }

  @Override
  public long[] append(List<Event> events, Instant recordedAt) {
    return call("append", () -> real.append(events, recordedAt));
  }

  @Override
  public AggregateResult aggregate(AggregateRequest request) {
    return call("aggregate", () -> real.aggregate(request));
  }

  @Override
  public long[] storedOffsets(List<Event> events) {
    return call("storedOffsets", () -> real.storedOffsets(events));
  }

  @Override
  public void checkPublishingThread() {
    real.checkPublishingThread();
  }

  @Override
  public long[] append(Connection connection, List<Event> events, Instant recordedAt) {
    return call("appendInTransaction", () -> real.append(connection, events, recordedAt));
  }

  @Override
  public List<Event> read(ReadRequest request) {
    return call("read", () -> real.read(request));
  }

  @Override
  public long offsetAt(String topic, Instant time) {
    return call("offsetAt", () -> real.offsetAt(topic, time));
  }

  @Override
  public long lastOffset(String topic) {
    return call("lastOffset", () -> real.lastOffset(topic));
  }

  @Override
  public void watchChanges(ChangeListener listener) {
    real.watchChanges(listener);
  }

  @Override
  public StreamStorage streams() {
    real.streams();
    return streams;
  }

  @Override
  public QueueStorage queues() {
    real.queues();
    return queues;
  }

  @Override
  public void close() {
    real.close();
  }

  private final class FailingStreams implements StreamStorage {
    private StreamStorage s() {
      return real.streams();
    }

    @Override
    public StreamRecord open(
        String topic, String name, String filter, long committed, Instant now) {
      return call("streams.open", () -> s().open(topic, name, filter, committed, now));
    }

    @Override
    public Optional<StreamRecord> find(String topic, String name) {
      return call("streams.find", () -> s().find(topic, name));
    }

    @Override
    public OptionalLong acquire(
        String topic, String name, String owner, Instant now, Instant until) {
      return call("streams.acquire", () -> s().acquire(topic, name, owner, now, until));
    }

    @Override
    public boolean renew(String topic, String name, String owner, Instant until) {
      return call("streams.renew", () -> s().renew(topic, name, owner, until));
    }

    @Override
    public boolean commit(
        String topic, String name, String owner, long from, long to, Instant until) {
      return call("streams.commit", () -> s().commit(topic, name, owner, from, to, until));
    }

    @Override
    public boolean commit(
        Connection connection,
        String topic,
        String name,
        String owner,
        long from,
        long to,
        Instant until) {
      return call(
          "streams.commitInTransaction",
          () -> s().commit(connection, topic, name, owner, from, to, until));
    }

    @Override
    public boolean seek(String topic, String name, String owner, long to, Instant until) {
      return call("streams.seek", () -> s().seek(topic, name, owner, to, until));
    }

    @Override
    public void release(String topic, String name, String owner) {
      run("streams.release", () -> s().release(topic, name, owner));
    }

    @Override
    public boolean delete(String topic, String name) {
      return call("streams.delete", () -> s().delete(topic, name));
    }
  }

  private final class FailingQueues implements QueueStorage {
    private QueueStorage q() {
      return real.queues();
    }

    @Override
    public QueueRecord openQueue(
        String topic, String name, Filter filter, String deadLetterTopic, boolean deliverExisting) {
      return call(
          "queues.openQueue",
          () -> q().openQueue(topic, name, filter, deadLetterTopic, deliverExisting));
    }

    @Override
    public boolean deleteQueue(QueueRecord queue) {
      return call("queues.deleteQueue", () -> q().deleteQueue(queue));
    }

    @Override
    public List<Delivery> claim(QueueClaim claim) {
      return call("queues.claim", () -> q().claim(claim));
    }

    @Override
    public void ack(DeliveryToken token) {
      run("queues.ack", () -> q().ack(token));
    }

    @Override
    public void retry(DeliveryToken token, Instant availableAt, String error) {
      run("queues.retry", () -> q().retry(token, availableAt, error));
    }

    @Override
    public void release(DeliveryToken token, Instant availableAt) {
      run("queues.release", () -> q().release(token, availableAt));
    }

    @Override
    public void extend(DeliveryToken token, Instant leaseUntil) {
      run("queues.extend", () -> q().extend(token, leaseUntil));
    }

    @Override
    public boolean[] ackAll(List<DeliveryToken> tokens) {
      return call("queues.ackAll", () -> q().ackAll(tokens));
    }

    @Override
    public boolean[] releaseAll(List<DeliveryToken> tokens, Instant availableAt) {
      return call("queues.releaseAll", () -> q().releaseAll(tokens, availableAt));
    }

    @Override
    public boolean[] extendAll(List<DeliveryToken> tokens, Instant leaseUntil) {
      return call("queues.extendAll", () -> q().extendAll(tokens, leaseUntil));
    }

    @Override
    public void deadLetter(DeliveryToken token, Event deadLetter, Instant recordedAt) {
      run("queues.deadLetter", () -> q().deadLetter(token, deadLetter, recordedAt));
    }

    @Override
    public int redrive(
        QueueRecord queue,
        Filter deadLetters,
        ToLongFunction<Event> originalOffset,
        int max,
        Instant now) {
      return call(
          "queues.redrive", () -> q().redrive(queue, deadLetters, originalOffset, max, now));
    }

    @Override
    public int replay(QueueRecord queue, long fromOffset, long toOffset, Instant now) {
      return call("queues.replay", () -> q().replay(queue, fromOffset, toOffset, now));
    }

    @Override
    public QueueStats stats(QueueRecord queue, Filter deadLetters, Instant now) {
      return call("queues.stats", () -> q().stats(queue, deadLetters, now));
    }
  }
}
