package io.eventrelay.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.Job;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Each filter of {@link FilterConsistencyTest}, wrapped as a filter that runs only in memory,
 * selects through reads, subscriptions and queues (FIFO or not) the same events as the parsed
 * filter does in SQL. One suite; a subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InMemoryFilterConsistencyTest {
  private EventRelay relay;
  private Topic topic;
  private List<String> filters;

  /** A fresh storage on the database under test. */
  abstract JdbcStorage newStorage();

  @BeforeAll
  void publishEvents() {
    relay = EventRelay.builder().storage(newStorage()).build();
    topic = relay.createTopic("t");
    topic.publishAll(FilterConsistencyTest.events());
    filters =
        Stream.concat(
                FilterConsistencyTest.FILTERS.stream(),
                FilterConsistencyTest.COUNTS.keySet().stream())
            .distinct()
            .toList();
  }

  @AfterAll
  void close() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void readsSelectWhatTheParsedFilterSelects() {
    forEach(
        (text, parsed, inMemory) -> {
          List<Long> expected = offsets(topic.read(1, 1000, parsed));
          assertEquals(expected, offsets(topic.read(1, 1000, inMemory)), text);
          List<Long> paged = new ArrayList<>();
          List<Event> page;
          for (long from = 1; !(page = topic.read(from, 3, inMemory)).isEmpty(); ) {
            paged.addAll(offsets(page));
            from = page.get(page.size() - 1).offset() + 1;
          }
          assertEquals(expected, paged, text + " (pages of 3)");
          assertEquals(expected, offsets(topic.stream(1, inMemory, 2).toList()), text);
        });
  }

  @Test
  void subscriptionsDeliverWhatTheParsedFilterSelects() {
    int[] n = {0};
    forEach(
        (text, parsed, inMemory) -> {
          List<Long> expected = offsets(topic.read(1, 1000, parsed));
          String name = "s" + n[0]++;
          try (Subscription s =
              relay.subscribe("t", name, SubscriptionOptions.builder().filter(inMemory).build())) {
            List<Long> got = new ArrayList<>();
            List<Event> batch;
            while (!(batch = s.poll(4)).isEmpty()) {
              got.addAll(offsets(batch));
              s.commit(batch.get(batch.size() - 1).offset());
            }
            assertEquals(expected, got, text);
          }
        });
  }

  @Test
  void queuesTurnIntoJobsWhatTheParsedFilterSelects() {
    int[] n = {0};
    forEach(
        (text, parsed, inMemory) -> {
          boolean fifo = n[0] % 2 == 0;
          JobQueue sql = relay.queue("t", "sql" + n[0], options(parsed, fifo));
          JobQueue memory = relay.queue("t", "mem" + n[0]++, options(inMemory, fifo));
          List<Long> expected = drain(sql);
          assertEquals(expected, drain(memory), text + (fifo ? " (FIFO)" : ""));
          assertEquals(0, memory.stats().pending(), text + ": the cursor is at the end");
        });
  }

  private static QueueOptions options(Filter filter, boolean fifo) {
    return QueueOptions.builder().filter(filter).fifo(fifo).build();
  }

  /**
   * Claims and acknowledges every job, a few at a time; their offsets in order (claims take the
   * longest available first, and events with an early {@code availableAt} are among them).
   */
  private static List<Long> drain(JobQueue queue) {
    List<Long> offsets = new ArrayList<>();
    List<Job> jobs;
    while (!(jobs = queue.claim(3)).isEmpty()) {
      for (Job job : jobs) {
        offsets.add(job.event().offset());
        queue.ack(job);
      }
    }
    return offsets.stream().sorted().toList();
  }

  private interface Check {
    void run(String text, Filter parsed, Filter inMemory);
  }

  /** Runs {@code check} on every filter and its in-memory twin, reporting every failure. */
  private void forEach(Check check) {
    assertFalse(filters.isEmpty());
    assertAll(
        filters.stream()
            .map(
                text ->
                    (Executable)
                        () -> {
                          Filter parsed = Filter.parse(text);
                          check.run(text, parsed, Filter.of("twin of " + text, parsed::matches));
                        }));
  }

  private static List<Long> offsets(List<Event> events) {
    return events.stream().map(Event::offset).toList();
  }
}
