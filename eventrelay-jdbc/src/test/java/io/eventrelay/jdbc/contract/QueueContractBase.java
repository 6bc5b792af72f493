package io.eventrelay.jdbc.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrelay.BackoffPolicy;
import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Job;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.spi.Storage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the queue contracts share: a relay with a {@link MutableClock}, topic {@code jobs}, helpers.
 */
abstract class QueueContractBase extends StorageContract {
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration RETRY = Duration.ofSeconds(10);
  static final Duration MICRO = Duration.ofNanos(1000);

  final MutableClock clock = MutableClock.at(T0);
  JdbcStorage storage;
  EventRelay relay;
  Topic jobs;

  @BeforeEach
  void createTopic() {
    storage = newStorage();
    relay = relay(storageFor(storage), clock);
    jobs = relay.createTopic("jobs");
  }

  /** The storage the relay uses over {@code storage}: itself, or a wrapper of it. */
  Storage storageFor(JdbcStorage storage) {
    return storage;
  }

  /** A lease of 30 s, 3 attempts, retries after 10 s. */
  static QueueOptions.Builder options() {
    return QueueOptions.builder()
        .leaseDuration(LEASE)
        .maxAttempts(3)
        .backoff(BackoffPolicy.fixed(RETRY));
  }

  JobQueue mailer() {
    return relay.queue("jobs", "mailer", options().build());
  }

  /** JSON written with single quotes, for readable expectations. */
  static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static List<Long> offsetsOf(List<Job> claimed) {
    return claimed.stream().map(j -> j.event().offset()).toList();
  }

  /** The dead letters recorded in {@code topic}, each as its context's {@code dead_letter}. */
  List<JsonNode> deadLetters(String topic) {
    return readAll(relay.topic(topic)).stream()
        .map(e -> (JsonNode) e.context().orElseThrow().get("dead_letter"))
        .toList();
  }

  List<String> errors(String deadLetterTopic) {
    return deadLetters(deadLetterTopic).stream().map(d -> d.get("error").asText()).toList();
  }

  /** Publishes {@code count} events made by {@code make} from their numbers 1..count, at once. */
  void publish(int count, IntFunction<Event> make) {
    List<Event> batch = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      batch.add(make.apply(i));
    }
    jobs.publishAll(batch);
  }
}
