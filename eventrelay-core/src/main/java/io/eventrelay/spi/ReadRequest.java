package io.eventrelay.spi;

import io.eventrelay.Filter;
import io.eventrelay.internal.Checks;
import java.util.Objects;

/**
 * What to read from one topic: events at or after {@code fromOffset}, in offset order, at most
 * {@code limit} of them, that match {@code filter} and, when {@code topicIdentifier} is not null,
 * carry that identifier.
 *
 * @param topic the topic's name
 * @param topicIdentifier only events with this identifier, or {@code null} for all
 * @param fromOffset the first offset to consider (1 is the first event)
 * @param limit the most events to return, from 1 to {@link #MAX_LIMIT}
 * @param filter the filter; {@link Filter#all()} for none. Never one that runs in memory ({@link
 *     Filter#isInMemory()}): the relay reads through those itself, and tests each event.
 */
public record ReadRequest(
    String topic, String topicIdentifier, long fromOffset, int limit, Filter filter) {
  /**
   * The largest page: a read holds its page in memory, so a whole topic is read page by page (see
   * {@link io.eventrelay.Topic#stream}).
   */
  public static final int MAX_LIMIT = 10_000;

  /**
   * Checks the request's invariants.
   *
   * @throws IllegalArgumentException if {@code fromOffset} is below 1 or {@code limit} is not from
   *     1 to {@link #MAX_LIMIT}: "limit must be between 1 and 10000 (was 2147483647)"
   * @throws IllegalArgumentException if the filter runs in memory
   * @throws NullPointerException if {@code topic} or {@code filter} is null
   */
  public ReadRequest {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(filter, "filter");
    if (filter.isInMemory()) {
      throw new IllegalArgumentException(
          "a storage reads by parsed filters only; the relay tests filter '"
              + filter
              + "', which runs in memory, on the events it reads");
    }
    if (fromOffset < 1) {
      throw new IllegalArgumentException("fromOffset must be at least 1 (was " + fromOffset + ")");
    }
    Checks.between("limit", limit, 1, MAX_LIMIT);
  }
}
