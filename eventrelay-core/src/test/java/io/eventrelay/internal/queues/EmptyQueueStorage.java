package io.eventrelay.internal.queues;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.QueueStats;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueClaim;
import io.eventrelay.spi.QueueRecord;
import io.eventrelay.spi.QueueStorage;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.Storage;
import io.eventrelay.spi.TopicRecord;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * A storage whose queues never have a job: enough to start and stop workers in core, without a
 * database. Everything else is unsupported.
 */
final class EmptyQueueStorage implements Storage, QueueStorage {
  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not in this test storage");
  }

  @Override
  public QueueStorage queues() {
    return this;
  }

  @Override
  public QueueRecord openQueue(
      String topic, String name, Filter filter, String deadLetterTopic, boolean deliverExisting) {
    return new QueueRecord(1, topic, name, filter, deadLetterTopic, Instant.EPOCH);
  }

  @Override
  public List<Delivery> claim(QueueClaim claim) {
    return List.of();
  }

  @Override
  public void start(Clock clock) {}

  @Override
  public void close() {}

  @Override
  public boolean deleteQueue(QueueRecord queue) {
    throw unsupported();
  }

  @Override
  public void ack(DeliveryToken token) {
    throw unsupported();
  }

  @Override
  public void retry(DeliveryToken token, Instant availableAt, String error) {
    throw unsupported();
  }

  @Override
  public void release(DeliveryToken token, Instant availableAt) {
    throw unsupported();
  }

  @Override
  public void extend(DeliveryToken token, Instant leaseUntil) {
    throw unsupported();
  }

  @Override
  public void deadLetter(DeliveryToken token, Event deadLetter, Instant recordedAt) {
    throw unsupported();
  }

  @Override
  public int redrive(
      QueueRecord queue,
      Filter deadLetters,
      ToLongFunction<Event> originalOffset,
      int max,
      Instant now) {
    throw unsupported();
  }

  @Override
  public int replay(QueueRecord queue, long fromOffset, long toOffset, Instant now) {
    throw unsupported();
  }

  @Override
  public QueueStats stats(QueueRecord queue, Filter deadLetters, Instant now) {
    throw unsupported();
  }

  @Override
  public TopicRecord createTopic(String name) {
    throw unsupported();
  }

  @Override
  public Optional<TopicRecord> findTopic(String name) {
    throw unsupported();
  }

  @Override
  public List<TopicRecord> listTopics() {
    throw unsupported();
  }

  @Override
  public boolean deleteTopic(String name) {
    throw unsupported();
  }

  @Override
  public long[] append(List<Event> events, Instant recordedAt) {
    throw unsupported();
  }

  @Override
  public long[] append(Connection connection, List<Event> events, Instant recordedAt) {
    throw unsupported();
  }

  @Override
  public List<Event> read(ReadRequest request) {
    throw unsupported();
  }

  @Override
  public long offsetAt(String topic, Instant time) {
    throw unsupported();
  }

  @Override
  public long lastOffset(String topic) {
    throw unsupported();
  }
}
