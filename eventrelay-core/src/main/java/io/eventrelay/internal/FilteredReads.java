package io.eventrelay.internal;

import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a topic through any filter. A parsed filter goes to the storage; for one that runs in
 * memory the storage reads every event (of the identifier, if given) in pages that grow from the
 * limit up to {@link ReadRequest#MAX_LIMIT}, and the relay keeps the matches, until it has the
 * limit or reaches the topic's end.
 */
public final class FilteredReads {
  private FilteredReads() {}

  /**
   * What a read found.
   *
   * @param events the matching events, in offset order, at most the limit
   * @param examinedTo the last offset the read looked at (one before the first, if none)
   * @param end whether nothing after {@code examinedTo} matches, up to the topic's end as of the
   *     read (the short-page rule of {@link Storage#read})
   */
  public record Page(List<Event> events, long examinedTo, boolean end) {}

  /**
   * Reads up to {@code limit} events from {@code fromOffset} that match {@code filter}.
   *
   * @param betweenPages run before each further page of an in-memory read (a lease renewal)
   * @throws IllegalArgumentException as {@link ReadRequest} does
   * @throws io.eventrelay.FilterException if an in-memory filter throws; nothing is skipped
   */
  public static Page read(
      Storage storage,
      String topic,
      String identifier,
      long fromOffset,
      int limit,
      Filter filter,
      Runnable betweenPages) {
    if (!filter.isInMemory()) {
      List<Event> page =
          storage.read(new ReadRequest(topic, identifier, fromOffset, limit, filter));
      return new Page(page, lastOf(page, fromOffset - 1), page.size() < limit);
    }
    List<Event> matches = new ArrayList<>();
    long next = fromOffset;
    int size = limit;
    while (true) {
      List<Event> page = storage.read(new ReadRequest(topic, identifier, next, size, Filter.all()));
      for (Event event : page) {
        if (filter.matches(event)) {
          matches.add(event);
          if (matches.size() == limit) {
            return new Page(matches, event.offset(), false);
          }
        }
      }
      if (page.size() < size) {
        return new Page(matches, lastOf(page, next - 1), true);
      }
      next = lastOf(page, next) + 1;
      size = Math.min(size * 2, ReadRequest.MAX_LIMIT);
      betweenPages.run();
    }
  }

  private static long lastOf(List<Event> page, long otherwise) {
    return page.isEmpty() ? otherwise : page.get(page.size() - 1).offset();
  }
}
