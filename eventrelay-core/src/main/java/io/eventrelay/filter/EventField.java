package io.eventrelay.filter;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A top-level event field, named in filters as in EventRelay (snake case). Each has a column of the
 * same name in {@code eventrelay_events}, except {@code offset}, stored as {@code event_offset}.
 */
public enum EventField implements Field {
  /** The event's id, a UUID. */
  ID("id", "id", Type.UUID),
  /** The event's name, for example {@code user.created}. */
  NAME("name", "name", Type.TEXT),
  /** Where the event happened. */
  SOURCE("source", "source", Type.TEXT),
  /** The identifier within the topic ({@code 123} in {@code users:123}); may be absent. */
  TOPIC_IDENTIFIER("topic_identifier", "topic_identifier", Type.TEXT),
  /** The event's offset in its topic. */
  OFFSET("offset", "event_offset", Type.INTEGER),
  /** When the event happened. */
  OCCURRED_AT("occurred_at", "occurred_at", Type.TIME),
  /** When the event becomes available to queues; may be absent. */
  AVAILABLE_AT("available_at", "available_at", Type.TIME),
  /** When the event was committed; absent on events that are not stored. */
  RECORDED_AT("recorded_at", "recorded_at", Type.TIME),
  /** The user the event is about; may be absent. */
  USER_KEY("user_key", "user_key", Type.TEXT),
  /** The anonymous visitor the event is about; may be absent. */
  ANONYMOUS_KEY("anonymous_key", "anonymous_key", Type.TEXT),
  /** The ordering key; may be absent. */
  GROUP_KEY("group_key", "group_key", Type.TEXT),
  /** A key referring to an outside entity; may be absent. */
  REFERENCE_KEY("reference_key", "reference_key", Type.TEXT),
  /** A trace or correlation id; may be absent. */
  TRACE_KEY("trace_key", "trace_key", Type.TEXT),
  /** The schema of the data; may be absent. */
  DATA_SCHEMA("data_schema", "data_schema", Type.TEXT),
  /** The id of the event this one was forwarded from, a UUID; may be absent. */
  PREV_ID("prev_id", "prev_id", Type.UUID);

  /**
   * What a top-level field holds, which decides the literals and operators the parser accepts for
   * it.
   */
  public enum Type {
    /**
     * Text: compared with {@link StringLiteral}s by code point; {@code contains} is a
     * case-sensitive substring test.
     */
    TEXT,
    /**
     * A UUID: compared with {@link StringLiteral}s holding a UUID, which the parser normalizes to
     * the canonical lower-case form; order is the order of that text. No {@code contains}.
     */
    UUID,
    /**
     * An instant, stored as microseconds since the Unix epoch: compared with {@link
     * InstantLiteral}s ({@code ::DATE} / {@code ::DATETIME} casts). No {@code contains}.
     */
    TIME,
    /** A whole number: compared numerically with {@link NumberLiteral}s. No {@code contains}. */
    INTEGER
  }

  private static final Map<String, EventField> BY_NAME =
      Stream.of(values()).collect(Collectors.toUnmodifiableMap(f -> f.name, Function.identity()));

  private final String name;
  private final String column;
  private final Type type;

  EventField(String name, String column, Type type) {
    this.name = name;
    this.column = column;
    this.type = type;
  }

  /**
   * The field with this filter name ({@code occurred_at}, case-sensitive), if there is one.
   *
   * @param name a name as written in a filter
   */
  public static Optional<EventField> fromName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The name used in filters, for example {@code occurred_at}. */
  @Override
  public String text() {
    return name;
  }

  /** The column of {@code eventrelay_events} that stores the field. */
  public String column() {
    return column;
  }

  /** What the field holds. */
  public Type type() {
    return type;
  }
}
