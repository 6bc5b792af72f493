package io.eventrelay;

import io.eventrelay.filter.Expression;
import io.eventrelay.internal.filter.FilterEvaluator;
import io.eventrelay.internal.filter.FilterParser;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A parsed event filter in EventRelay's filter language, for example {@code name == 'user.created'
 * AND (data.age >= 18 OR data.tags contains 'vip')}.
 *
 * <p>The language is described in {@link io.eventrelay.filter}: comparisons of event fields or JSON
 * paths ({@code data.a.b}, {@code context.x}) with quoted strings, numbers, booleans, lists and
 * dates, joined by {@code AND} (which binds tighter) and {@code OR}, with parentheses. Types are
 * strict ({@code '30'} is not {@code 30}) and a missing field matches nothing.
 *
 * <p>A filter is parsed once; {@link #matches(Event)} then evaluates it in memory without parsing
 * again, and storages render the same {@link #expression() tree} to SQL with the same results.
 *
 * <p>A predicate that SQL cannot express (a Lua script, say) becomes a filter with {@link
 * #of(String, Predicate)}: it runs only in memory. Subscriptions, worker queues, reads and
 * listeners take it like any filter and keep their guarantees (no event skipped, FIFO per group):
 * the storage reads every event and the relay, or the storage's claim, tests each one. That costs a
 * read of every event of the topic, where a parsed filter reads only the matches. Instances are
 * immutable and safe to share between threads.
 */
public final class Filter {
  private static final Filter ALL = new Filter("", null, event -> true, false);

  private final String text;
  private final Expression expression;
  private final Predicate<Event> predicate;
  private final boolean inMemory;

  private Filter(String text, Expression expression, Predicate<Event> predicate, boolean inMemory) {
    this.text = text;
    this.expression = expression;
    this.predicate = predicate;
    this.inMemory = inMemory;
  }

  /**
   * Parses a filter. A null, empty or blank text is {@link #all()}.
   *
   * @param text the filter, for example {@code data.amount > 100 AND source == 'billing'}
   * @throws FilterSyntaxException if the text is not a valid filter; its {@link
   *     FilterSyntaxException#position() position} says where
   */
  public static Filter parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    Expression expression = FilterParser.parse(text);
    return new Filter(text, expression, FilterEvaluator.compile(expression), false);
  }

  /**
   * A filter that runs only in memory: an event matches when {@code predicate} returns true.
   *
   * <p>The description names the predicate, and is what a subscription or queue stores: two such
   * filters are equal when their descriptions are, so a subscription or queue reopened with the
   * same description keeps its position. Give a predicate that selects other events another
   * description (for a script, its name and a hash of its text, for example).
   *
   * <p>The predicate must be thread-safe, quick and free of side effects: it may run on any thread,
   * more than once per event, and inside a queue's claim transaction. If it throws, the read or
   * claim that evaluated it fails with a {@link FilterException} (the event is not skipped: a
   * subscription or worker retries it after backing off), and a listener skips the event and logs
   * it.
   *
   * @param description what the predicate selects, not blank, at most 1,000 characters
   * @param predicate whether an event matches
   * @throws IllegalArgumentException if the description is blank or too long
   * @throws NullPointerException if an argument is null
   */
  public static Filter of(String description, Predicate<Event> predicate) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(predicate, "predicate");
    if (description.isBlank() || description.length() > 1000) {
      throw new IllegalArgumentException(
          "description must not be blank and at most 1000 characters (was "
              + description.length()
              + " characters"
              + (description.isBlank() ? ", blank)" : ")"));
    }
    return new Filter(description, null, predicate, true);
  }

  /** The filter that matches every event. */
  public static Filter all() {
    return ALL;
  }

  /** Whether this filter matches every event (it is {@link #all()}). */
  public boolean isAll() {
    return this == ALL;
  }

  /**
   * Whether this filter runs only in memory ({@link #of(String, Predicate)}): a storage cannot
   * render it to SQL and must test {@link #matches(Event)} on each event it selects.
   */
  public boolean isInMemory() {
    return inMemory;
  }

  /** The parsed tree, or {@code null} for {@link #all()} and for a filter that runs in memory. */
  public Expression expression() {
    return expression;
  }

  /**
   * Whether the event matches, by the rules of {@link io.eventrelay.filter}.
   *
   * @throws NullPointerException if the event is null
   * @throws FilterException if the predicate of a filter that runs in memory threw
   */
  public boolean matches(Event event) {
    Objects.requireNonNull(event, "event");
    if (!inMemory) {
      return predicate.test(event);
    }
    try {
      return predicate.test(event);
    } catch (RuntimeException e) {
      throw new FilterException(text, event, e);
    }
  }

  /**
   * Parsed filters are equal when their parsed trees are, whatever the spacing or case of keywords;
   * filters that run in memory when their descriptions are.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Filter f
        && inMemory == f.inMemory
        && (inMemory ? text.equals(f.text) : Objects.equals(expression, f.expression));
  }

  @Override
  public int hashCode() {
    return inMemory ? text.hashCode() : Objects.hashCode(expression);
  }

  /**
   * The text the filter was parsed from, or the description of one that runs in memory; empty for
   * {@link #all()}.
   */
  @Override
  public String toString() {
    return text;
  }
}
