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
 * Instances are immutable and safe to share between threads.
 */
public final class Filter {
  private static final Filter ALL = new Filter("", null, event -> true);

  private final String text;
  private final Expression expression;
  private final Predicate<Event> predicate;

  private Filter(String text, Expression expression, Predicate<Event> predicate) {
    this.text = text;
    this.expression = expression;
    this.predicate = predicate;
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
    return new Filter(text, expression, FilterEvaluator.compile(expression));
  }

  /** The filter that matches every event. */
  public static Filter all() {
    return ALL;
  }

  /** Whether this filter matches every event (it is {@link #all()}). */
  public boolean isAll() {
    return this == ALL;
  }

  /** The parsed tree, or {@code null} for {@link #all()}. */
  public Expression expression() {
    return expression;
  }

  /**
   * Whether the event matches, by the rules of {@link io.eventrelay.filter}.
   *
   * @throws NullPointerException if the event is null
   */
  public boolean matches(Event event) {
    Objects.requireNonNull(event, "event");
    return predicate.test(event);
  }

  /** Equal when the parsed trees are equal, whatever the spacing or case of keywords. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Filter f && Objects.equals(expression, f.expression);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(expression);
  }

  /** The text the filter was parsed from; empty for {@link #all()}. */
  @Override
  public String toString() {
    return text;
  }
}
