package io.eventrelay.filter;

/** What a comparison tests: a top-level {@link EventField} or a {@link JsonPath} into JSON. */
public sealed interface Field permits EventField, JsonPath {
  /** The field as written in a filter, for example {@code occurred_at} or {@code data.a.b}. */
  String text();
}
