package io.eventrelay;

import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.Storage;
import io.eventrelay.spi.TopicRecord;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A storage kept in a map, for testing the engine in core without a database: appends are atomic
 * per call, and hooks run before and after each append and before each lookup by id (to block them,
 * or to make them fail).
 */
final class MemoryStorage implements Storage {
  private final Map<String, List<Event>> topics = new TreeMap<>();
  final List<Integer> appendSizes = new ArrayList<>();
  volatile Consumer<List<Event>> beforeAppend = events -> {};
  volatile Consumer<List<Event>> afterAppend = events -> {};
  volatile Consumer<List<Event>> beforeLookup = events -> {};
  final AtomicInteger appendAttempts = new AtomicInteger();
  volatile boolean closed;

  @Override
  public void start(Clock clock) {}

  @Override
  public synchronized TopicRecord createTopic(String name) {
    topics.computeIfAbsent(name, n -> new ArrayList<>());
    return new TopicRecord(name, Instant.EPOCH);
  }

  @Override
  public synchronized Optional<TopicRecord> findTopic(String name) {
    return topics.containsKey(name)
        ? Optional.of(new TopicRecord(name, Instant.EPOCH))
        : Optional.empty();
  }

  @Override
  public synchronized List<TopicRecord> listTopics() {
    return topics.keySet().stream().map(n -> new TopicRecord(n, Instant.EPOCH)).toList();
  }

  @Override
  public synchronized boolean deleteTopic(String name) {
    return topics.remove(name) != null;
  }

  @Override
  public long[] append(List<Event> events, Instant recordedAt) {
    appendAttempts.incrementAndGet();
    beforeAppend.accept(events);
    long[] offsets = store(events, recordedAt);
    afterAppend.accept(events);
    return offsets;
  }

  @Override
  public synchronized long[] storedOffsets(List<Event> events) {
    beforeLookup.accept(events);
    long[] offsets = new long[events.size()];
    for (int i = 0; i < offsets.length; i++) {
      Event wanted = events.get(i);
      offsets[i] =
          topics.getOrDefault(wanted.topic(), List.of()).stream()
              .filter(e -> e.id().equals(wanted.id()))
              .mapToLong(Event::offset)
              .findFirst()
              .orElse(0);
    }
    return offsets;
  }

  private long[] store(List<Event> events, Instant recordedAt) {
    synchronized (this) {
      for (Event e : events) {
        if (!topics.containsKey(e.topic())) {
          throw new UnknownTopicException(e.topic());
        }
      }
      appendSizes.add(events.size());
      long[] offsets = new long[events.size()];
      for (int i = 0; i < events.size(); i++) {
        List<Event> log = topics.get(events.get(i).topic());
        offsets[i] = log.size() + 1;
        log.add(events.get(i).stored(offsets[i], recordedAt));
      }
      return offsets;
    }
  }

  @Override
  public long[] append(Connection connection, List<Event> events, Instant recordedAt) {
    return append(events, recordedAt);
  }

  @Override
  public synchronized List<Event> read(ReadRequest r) {
    List<Event> log = topics.get(r.topic());
    if (log == null) {
      throw new UnknownTopicException(r.topic());
    }
    return log.stream()
        .filter(e -> e.offset() >= r.fromOffset() && r.filter().matches(e))
        .limit(r.limit())
        .toList();
  }

  @Override
  public synchronized long offsetAt(String topic, Instant time) {
    return topics.get(topic).stream()
        .filter(e -> !e.recordedAt().isBefore(time))
        .mapToLong(Event::offset)
        .findFirst()
        .orElse(topics.get(topic).size() + 1);
  }

  @Override
  public synchronized long lastOffset(String topic) {
    return topics.get(topic).size();
  }

  @Override
  public void close() {
    closed = true;
  }
}
