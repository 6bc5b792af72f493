package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.Topic;
import io.eventrelay.spi.ReadRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of a page that readers rely on: its size is capped, and a page shorter than its limit
 * means no more events match up to the topic's end as of the read, however sparse the matches.
 */
abstract class ReadPageContract extends StorageContract {
  private static final Filter MATCHES = Filter.parse("name == 'match'");

  @Test
  void pageSizesAreCappedWithAMessageNamingTheCap() {
    Topic topic = relay().createTopic("capped");
    topic.publishAll(events("e", 3));

    assertEquals(
        "limit must be between 1 and 10000 (was 2147483647)",
        assertThrows(IllegalArgumentException.class, () -> topic.read(1, Integer.MAX_VALUE))
            .getMessage());
    assertEquals(
        "limit must be between 1 and 10000 (was 10001)",
        assertThrows(IllegalArgumentException.class, () -> topic.read(1, 10_001, MATCHES))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> topic.stream(1, Filter.all(), 10_001));
    assertEquals(
        "limit must be between 1 and 10000 (was 0)",
        assertThrows(IllegalArgumentException.class, () -> topic.read(1, 0)).getMessage());
    assertEquals(range(1, 3), offsets(topic.read(1, ReadRequest.MAX_LIMIT)));
  }

  @Test
  void aShortFilteredPageMeansNoMoreMatchesUpToTheEndEvenWhenMatchesAreSparse() {
    Topic topic = relay().createTopic("sparse");
    topic.publishAll(events("other", 4)); // 1-4
    topic.publish(event("match", 0)); // 5
    publishOthers(topic, 3000); // 6-3005
    topic.publish(event("match", 1)); // 3006
    publishOthers(topic, 3000); // 3007-6006

    assertEquals(List.of(5L), offsets(topic.read(1, 1, MATCHES)));
    assertEquals(List.of(3006L), offsets(topic.read(6, 1, MATCHES)), "scans past 3000 others");
    List<Event> shortPage = topic.read(1, 10, MATCHES);
    assertEquals(List.of(5L, 3006L), offsets(shortPage), "short: nothing more up to 6006");
    assertEquals(List.of(), topic.read(3007, 10, MATCHES));

    topic.publish(event("match", 2)); // 6007, after the short page
    assertEquals(List.of(6007L), offsets(topic.read(3007, 10, MATCHES)));
    assertEquals(List.of(5L, 3006L, 6007L), offsets(topic.stream(1, MATCHES, 2).toList()));
  }

  private static void publishOthers(Topic topic, int count) {
    for (int published = 0; published < count; published += 1000) {
      topic.publishAll(events("other", Math.min(1000, count - published)));
    }
  }
}
