package io.eventrelay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrelay.internal.Json;
import io.eventrelay.spi.EventRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event: an immutable value made with {@link #builder(String)}.
 *
 * <p>An event built by the application is a draft: it is checked when it is published (required
 * fields, lengths, JSON well-formedness, size), and the relay fills in what was left out: the
 * {@link #id() id} (a time-ordered UUID, version 7), the {@link #occurredAt() occurrence time} (the
 * relay clock's now), and the topic. Events read back from a topic also carry their {@link
 * #offset() offset} and {@link #recordedAt() recording time}.
 *
 * <p>Times are kept to the microsecond, the precision every supported database stores. Data and
 * context read from storage are parsed from JSON only when first asked for.
 *
 * <p>An event holds only what every supported database stores unchanged, so an event is accepted or
 * rejected alike on PostgreSQL and SQLite, before anything is written:
 *
 * <ul>
 *   <li>times from {@code 0001-01-01T00:00:00Z} to {@code 9999-12-31T23:59:59.999999Z}, the years
 *       that ISO-8601 prints with four digits and the filter language reads;
 *   <li>text that is Unicode: no unpaired surrogate, in text fields or in JSON (escaped or not),
 *       and no NUL character in text fields;
 *   <li>JSON whose strings hold no NUL character (U+0000, written <code>&#92;u0000</code> in JSON):
 *       PostgreSQL's {@code jsonb} cannot store it, so it is rejected on every database. A
 *       backslash followed by {@code u0000} (the JSON text <code>"&#92;&#92;u0000"</code>) is no
 *       NUL and is stored like any other text.
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Event {
  private final UUID id;
  private final String topic;
  private final String topicIdentifier;
  private final long offset;
  private final String name;
  private final String source;
  private final JsonValue data;
  private final JsonValue context;
  private final Instant occurredAt;
  private final Instant availableAt;
  private final Instant recordedAt;
  private final String userKey;
  private final String anonymousKey;
  private final String groupKey;
  private final String referenceKey;
  private final String traceKey;
  private final String dataSchema;
  private final UUID prevId;

  private Event(Builder b) {
    this.id = b.id;
    this.topic = b.topic;
    this.topicIdentifier = b.topicIdentifier;
    this.offset = b.offset;
    this.name = b.name;
    this.source = b.source;
    this.data = b.data;
    this.context = b.context;
    this.occurredAt = micros(b.occurredAt);
    this.availableAt = micros(b.availableAt);
    this.recordedAt = micros(b.recordedAt);
    this.userKey = b.userKey;
    this.anonymousKey = b.anonymousKey;
    this.groupKey = b.groupKey;
    this.referenceKey = b.referenceKey;
    this.traceKey = b.traceKey;
    this.dataSchema = b.dataSchema;
    this.prevId = b.prevId;
  }

  /**
   * Starts a new event.
   *
   * @param name what happened, for example {@code user.created}; required
   */
  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  /**
   * Restores an event from its stored form. Meant for storage implementations: the record's JSON
   * text is trusted and parsed lazily, on the first call to {@link #data()} or {@link #context()}.
   */
  public static Event fromRecord(EventRecord r) {
    Builder b = new Builder();
    b.id = r.id();
    b.topic = r.topic();
    b.topicIdentifier = r.topicIdentifier();
    b.offset = r.offset();
    b.name = r.name();
    b.source = r.source();
    b.data = JsonValue.trusted(r.dataJson());
    b.context = r.contextJson() == null ? null : JsonValue.trusted(r.contextJson());
    b.occurredAt = r.occurredAt();
    b.availableAt = r.availableAt();
    b.recordedAt = r.recordedAt();
    b.userKey = r.userKey();
    b.anonymousKey = r.anonymousKey();
    b.groupKey = r.groupKey();
    b.referenceKey = r.referenceKey();
    b.traceKey = r.traceKey();
    b.dataSchema = r.dataSchema();
    b.prevId = r.prevId();
    return new Event(b);
  }

  /** A builder holding every field of this event except its offset and recording time. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.topic = topic;
    b.topicIdentifier = topicIdentifier;
    b.name = name;
    b.source = source;
    b.data = data;
    b.context = context;
    b.occurredAt = occurredAt;
    b.availableAt = availableAt;
    b.userKey = userKey;
    b.anonymousKey = anonymousKey;
    b.groupKey = groupKey;
    b.referenceKey = referenceKey;
    b.traceKey = traceKey;
    b.dataSchema = dataSchema;
    b.prevId = prevId;
    return b;
  }

  /** The event's id; {@code null} on a draft that has not been published yet and was given none. */
  public UUID id() {
    return id;
  }

  /** The topic's name; {@code null} on a draft. */
  public String topic() {
    return topic;
  }

  /** The identifier within the topic ({@code 123} in {@code users:123}), if any. */
  public Optional<String> topicIdentifier() {
    return Optional.ofNullable(topicIdentifier);
  }

  /**
   * The event's position in its topic: 1 for the first event, then 2, 3… with no gaps; 0 for an
   * event that is not stored (a draft, or a live-only publish).
   */
  public long offset() {
    return offset;
  }

  /** What happened, for example {@code user.created}. */
  public String name() {
    return name;
  }

  /** Where it happened, for example the service that published it. */
  public String source() {
    return source;
  }

  /**
   * The event's data as a Jackson tree of the caller's own: each call returns a new copy, which the
   * caller may change without changing this event or what any other reader (another listener, the
   * publisher) sees. Keep the tree when reading it more than once; {@link #dataJson()} costs no
   * copy.
   *
   * @throws InvalidEventException on a draft whose data was given as malformed JSON text
   * @throws StorageException if the stored JSON cannot be parsed (the stored data is corrupt)
   */
  public JsonNode data() {
    return data == null ? null : data.copy("data");
  }

  /**
   * The event's data as compact JSON text, or {@code null} on a draft that has none.
   *
   * @throws InvalidEventException on a draft whose data is a tree that Jackson cannot write
   */
  public String dataJson() {
    return data == null ? null : data.text("data", -1);
  }

  /**
   * The event's context (a JSON object), if it has one, as a tree of the caller's own: each call
   * returns a new copy, as {@link #data()} does.
   *
   * @throws InvalidEventException on a draft whose context was given as malformed JSON text
   * @throws StorageException if the stored JSON cannot be parsed (the stored data is corrupt)
   */
  public Optional<ObjectNode> context() {
    return context == null ? Optional.empty() : Optional.of((ObjectNode) context.copy("context"));
  }

  /**
   * The context as JSON text, or {@code null} when there is none.
   *
   * @throws InvalidEventException on a draft whose context is a tree that Jackson cannot write
   */
  public String contextJson() {
    return context == null ? null : context.text("context", -1);
  }

  /** When the event happened; {@code null} on a draft that was given none. */
  public Instant occurredAt() {
    return occurredAt;
  }

  /** Before this time, queues do not hand the event to workers; empty means at once. */
  public Optional<Instant> availableAt() {
    return Optional.ofNullable(availableAt);
  }

  /** When the event was committed to its topic; {@code null} until it is stored. */
  public Instant recordedAt() {
    return recordedAt;
  }

  /** The user the event is about, if any. */
  public Optional<String> userKey() {
    return Optional.ofNullable(userKey);
  }

  /** The anonymous visitor the event is about, if any. */
  public Optional<String> anonymousKey() {
    return Optional.ofNullable(anonymousKey);
  }

  /** The ordering key: queues with FIFO groups deliver events of one group in order. */
  public Optional<String> groupKey() {
    return Optional.ofNullable(groupKey);
  }

  /** A key that refers to an outside entity, if any. */
  public Optional<String> referenceKey() {
    return Optional.ofNullable(referenceKey);
  }

  /** A trace or correlation id, if any. */
  public Optional<String> traceKey() {
    return Optional.ofNullable(traceKey);
  }

  /** The schema of the data (for example a URL), if any. */
  public Optional<String> dataSchema() {
    return Optional.ofNullable(dataSchema);
  }

  /** The id of the event this one was forwarded from, if any. */
  public Optional<UUID> prevId() {
    return Optional.ofNullable(prevId);
  }

  /** This validated event as stored at {@code offset}. */
  Event stored(long offset, Instant recordedAt) {
    return new Event(this, offset, recordedAt);
  }

  private Event(Event e, long offset, Instant recordedAt) {
    this.id = e.id;
    this.topic = e.topic;
    this.topicIdentifier = e.topicIdentifier;
    this.offset = offset;
    this.name = e.name;
    this.source = e.source;
    this.data = e.data;
    this.context = e.context;
    this.occurredAt = e.occurredAt;
    this.availableAt = e.availableAt;
    this.recordedAt = micros(recordedAt);
    this.userKey = e.userKey;
    this.anonymousKey = e.anonymousKey;
    this.groupKey = e.groupKey;
    this.referenceKey = e.referenceKey;
    this.traceKey = e.traceKey;
    this.dataSchema = e.dataSchema;
    this.prevId = e.prevId;
  }

  /** The raw JSON holder behind data or context; used by the relay's validation. */
  JsonValue dataValue() {
    return data;
  }

  JsonValue contextValue() {
    return context;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Event e)) {
      return false;
    }
    return offset == e.offset
        && Objects.equals(id, e.id)
        && Objects.equals(topic, e.topic)
        && Objects.equals(topicIdentifier, e.topicIdentifier)
        && Objects.equals(name, e.name)
        && Objects.equals(source, e.source)
        && Objects.equals(data, e.data)
        && Objects.equals(context, e.context)
        && Objects.equals(occurredAt, e.occurredAt)
        && Objects.equals(availableAt, e.availableAt)
        && Objects.equals(recordedAt, e.recordedAt)
        && Objects.equals(userKey, e.userKey)
        && Objects.equals(anonymousKey, e.anonymousKey)
        && Objects.equals(groupKey, e.groupKey)
        && Objects.equals(referenceKey, e.referenceKey)
        && Objects.equals(traceKey, e.traceKey)
        && Objects.equals(dataSchema, e.dataSchema)
        && Objects.equals(prevId, e.prevId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, topic, offset, name);
  }

  @Override
  public String toString() {
    return "Event{topic="
        + topic
        + (topicIdentifier == null ? "" : ":" + topicIdentifier)
        + ", offset="
        + offset
        + ", id="
        + id
        + ", name="
        + name
        + ", source="
        + source
        + ", data="
        + dataJson()
        + "}";
  }

  private static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Builds an {@link Event}. Setters accept anything; the relay checks the event when it is
   * published, so that a bad event in a batch is reported with its index. A builder is not
   * thread-safe.
   *
   * <p>Text limits count bytes of UTF-8, as the databases store text: an ASCII character takes 1
   * byte, {@code é} 2, {@code €} 3 and an emoji 4. The name, the source, the topic identifier and
   * each key may take at most 255 bytes, the data schema 2,048. The event as a whole (its text
   * fields, data and context, in UTF-8) may take at most {@link
   * EventRelay.Builder#maxEventSize(int)} bytes. Times must lie in years 1 to 9999; see {@link
   * Event} for what else every database stores.
   */
  public static final class Builder {
    private UUID id;
    private String topic;
    private String topicIdentifier;
    private long offset;
    private String name;
    private String source;
    private JsonValue data;
    private JsonValue context;
    private Instant occurredAt;
    private Instant availableAt;
    private Instant recordedAt;
    private String userKey;
    private String anonymousKey;
    private String groupKey;
    private String referenceKey;
    private String traceKey;
    private String dataSchema;
    private UUID prevId;

    private Builder() {}

    /** Sets the id; by default the relay assigns a time-ordered UUID (version 7). */
    public Builder id(UUID id) {
      this.id = id;
      return this;
    }

    /** Sets what happened; required. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets where it happened; required. */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /** Sets the identifier within the topic, as in {@code users:123}. */
    public Builder topicIdentifier(String topicIdentifier) {
      this.topicIdentifier = topicIdentifier;
      return this;
    }

    /**
     * Sets the data as a Jackson tree (any JSON value but null); required. The tree is copied:
     * changing it afterwards does not change the event.
     */
    public Builder data(JsonNode data) {
      this.data = data == null ? null : JsonValue.copyOf(data);
      return this;
    }

    /**
     * Sets the data as JSON text; it must be one well-formed JSON value, which is checked at
     * publish.
     */
    public Builder data(String json) {
      this.data = json == null ? null : JsonValue.untrusted(json);
      return this;
    }

    /**
     * Sets the data to any object Jackson can serialize (a map, a record, a bean…).
     *
     * @throws IllegalArgumentException if Jackson cannot serialize it
     */
    public Builder data(Object value) {
      this.data = value == null ? null : JsonValue.ofNode(Json.toTree(value, "data"));
      return this;
    }

    /**
     * Sets the context, a JSON object of free-form metadata. The tree is copied: changing it
     * afterwards does not change the event.
     */
    public Builder context(ObjectNode context) {
      this.context = context == null ? null : JsonValue.copyOf(context);
      return this;
    }

    /** Sets the context as JSON text; it must be a JSON object, which is checked at publish. */
    public Builder context(String json) {
      this.context = json == null ? null : JsonValue.untrusted(json);
      return this;
    }

    /** Sets when the event happened; by default, the relay clock's time at publish. */
    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    /** Sets the time before which queues hold the event back. */
    public Builder availableAt(Instant availableAt) {
      this.availableAt = availableAt;
      return this;
    }

    /** Sets the user the event is about. */
    public Builder userKey(String userKey) {
      this.userKey = userKey;
      return this;
    }

    /** Sets the anonymous visitor the event is about. */
    public Builder anonymousKey(String anonymousKey) {
      this.anonymousKey = anonymousKey;
      return this;
    }

    /** Sets the ordering key for FIFO queues. */
    public Builder groupKey(String groupKey) {
      this.groupKey = groupKey;
      return this;
    }

    /** Sets a key referring to an outside entity. */
    public Builder referenceKey(String referenceKey) {
      this.referenceKey = referenceKey;
      return this;
    }

    /** Sets a trace or correlation id. */
    public Builder traceKey(String traceKey) {
      this.traceKey = traceKey;
      return this;
    }

    /** Sets the schema of the data. */
    public Builder dataSchema(String dataSchema) {
      this.dataSchema = dataSchema;
      return this;
    }

    /** Sets the id of the event this one was forwarded from. */
    public Builder prevId(UUID prevId) {
      this.prevId = prevId;
      return this;
    }

    /** Builds the event. Nothing is checked here; see {@link Builder}. */
    public Event build() {
      return new Event(this);
    }

    /** The relay's copy of a draft: checked JSON, topic, id and time filled in, not stored. */
    Builder normalized(String topic, UUID id, Instant occurredAt, JsonValue data, JsonValue ctx) {
      this.topic = topic;
      this.id = id;
      this.occurredAt = occurredAt;
      this.data = data;
      this.context = ctx;
      return this;
    }
  }
}
