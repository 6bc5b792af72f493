package io.eventrelay.spi;

import io.eventrelay.Filter;

/**
 * How a storage keeps the filter of a subscription or queue, so that reopening it with the same
 * filter is recognised and with another one refused. A parsed filter is kept as its text; one that
 * runs in memory ({@link Filter#of}) as its description after a prefix no parsed filter can start
 * with, since only the description survives.
 */
public final class StoredFilters {
  private static final String IN_MEMORY = "in-memory:";

  private StoredFilters() {}

  /** The text to store for {@code filter}: {@code null} for {@link Filter#all()}. */
  public static String text(Filter filter) {
    if (filter.isAll()) {
      return null;
    }
    return filter.isInMemory() ? IN_MEMORY + filter : filter.toString();
  }

  /**
   * Whether {@code stored} (what {@link #text} returned, possibly by an older relay) is {@code
   * filter}: parsed filters compare by their parsed trees, filters that run in memory by their
   * descriptions.
   */
  public static boolean same(String stored, Filter filter) {
    if (filter.isInMemory()) {
      return (IN_MEMORY + filter).equals(stored);
    }
    if (stored != null && stored.startsWith(IN_MEMORY)) {
      return false;
    }
    return Filter.parse(stored).equals(filter);
  }

  /** {@code stored} as a person reads it: the filter's text or description, empty for none. */
  public static String describe(String stored) {
    if (stored == null) {
      return "";
    }
    return stored.startsWith(IN_MEMORY) ? stored.substring(IN_MEMORY.length()) : stored;
  }
}
