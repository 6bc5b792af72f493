package io.eventrelay.spi;

import io.eventrelay.Filter;
import java.util.Objects;

/**
 * What to read from one topic: events at or after {@code fromOffset}, in offset order, at most
 * {@code limit} of them, that match {@code filter} and, when {@code topicIdentifier} is not null,
 * carry that identifier.
 *
 * @param topic the topic's name
 * @param topicIdentifier only events with this identifier, or {@code null} for all
 * @param fromOffset the first offset to consider (1 is the first event)
 * @param limit the most events to return, at least 1
 * @param filter the filter; {@link Filter#all()} for none
 */
public record ReadRequest(
    String topic, String topicIdentifier, long fromOffset, int limit, Filter filter) {
  /** Checks the request's invariants. */
  public ReadRequest {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(filter, "filter");
    if (fromOffset < 1) {
      throw new IllegalArgumentException("fromOffset must be at least 1 (was " + fromOffset + ")");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 (was " + limit + ")");
    }
  }
}
