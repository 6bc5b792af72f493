package io.eventrelay;

import io.eventrelay.internal.Json;
import io.eventrelay.internal.TopicNames;
import io.eventrelay.internal.Utf8;
import io.eventrelay.internal.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Checks drafts before anything is written and fills in what the relay assigns: topic, identifier,
 * id and occurrence time. Everything a database could refuse or silently change is refused here,
 * the same way on every database, so that no event fails inside a group commit.
 */
final class EventValidator {
  /** The longest name, source or key, in bytes of UTF-8. */
  static final int MAX_KEY_BYTES = 255;

  /** The longest data schema, in bytes of UTF-8. */
  static final int MAX_SCHEMA_BYTES = 2048;

  /** The earliest time an event may carry: the first instant of year 1. */
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest time an event may carry: the last microsecond of year 9999. */
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private final Clock clock;
  private final int maxEventSize;
  private final Uuids uuids = new Uuids();

  EventValidator(Clock clock, int maxEventSize) {
    this.clock = clock;
    this.maxEventSize = maxEventSize;
  }

  /** Validates a whole batch first, so that a bad event leaves nothing written. */
  List<Event> prepareAll(String topic, String identifier, List<Event> drafts) {
    checkBatch(drafts);
    List<Event> out = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      out.add(prepare(topic, identifier, drafts.get(i), i));
    }
    return out;
  }

  /** Checks that a batch is a non-empty list. */
  void checkBatch(List<Event> drafts) {
    if (drafts == null) {
      throw new IllegalArgumentException("events must not be null");
    }
    if (drafts.isEmpty()) {
      throw new IllegalArgumentException("events must not be empty");
    }
  }

  /**
   * The checked, completed copy of one draft.
   *
   * @param index position in its batch, or -1 for a single event
   */
  Event prepare(String topic, String identifier, Event e, int index) {
    if (e == null) {
      throw new InvalidEventException(index, "event", "must not be null");
    }
    if (e.offset() != 0) {
      throw new InvalidEventException(
          index,
          "offset",
          "is assigned by the topic; this event is already stored at offset "
              + e.offset()
              + " of '"
              + e.topic()
              + "' (use toBuilder() to publish a copy)");
    }
    long size = 0;
    size += required(e.name(), "name", index, MAX_KEY_BYTES);
    size += required(e.source(), "source", index, MAX_KEY_BYTES);
    String id = e.topicIdentifier().orElse(identifier);
    if (id != null) {
      try {
        TopicNames.checkIdentifier(id);
      } catch (IllegalArgumentException bad) {
        throw new InvalidEventException(index, "topicIdentifier", bad.getMessage());
      }
      size += Utf8.length(id);
    }
    size += optional(e.userKey().orElse(null), "userKey", index, MAX_KEY_BYTES);
    size += optional(e.anonymousKey().orElse(null), "anonymousKey", index, MAX_KEY_BYTES);
    size += optional(e.groupKey().orElse(null), "groupKey", index, MAX_KEY_BYTES);
    size += optional(e.referenceKey().orElse(null), "referenceKey", index, MAX_KEY_BYTES);
    size += optional(e.traceKey().orElse(null), "traceKey", index, MAX_KEY_BYTES);
    size += optional(e.dataSchema().orElse(null), "dataSchema", index, MAX_SCHEMA_BYTES);
    checkTime(e.occurredAt(), "occurredAt", index);
    checkTime(e.availableAt().orElse(null), "availableAt", index);
    if (e.dataValue() == null) {
      throw new InvalidEventException(index, "data", "is required (was null)");
    }
    JsonValue data = e.dataValue().checked("data", index, false);
    JsonValue context =
        e.contextValue() == null ? null : e.contextValue().checked("context", index, true);
    size += Json.storableSize(data.text("data", index), "data", index);
    if (context != null) {
      size += Json.storableSize(context.text("context", index), "context", index);
    }
    if (size > maxEventSize) {
      throw new InvalidEventException(
          index,
          "data",
          "makes the event "
              + size
              + " bytes, over the maximum event size of "
              + maxEventSize
              + " bytes (EventRelay.Builder.maxEventSize)");
    }
    Instant now = null;
    Instant occurredAt = e.occurredAt();
    if (occurredAt == null) {
      now = clock.instant();
      occurredAt = now;
    }
    UUID uuid = e.id();
    if (uuid == null) {
      uuid = uuids.next((now != null ? now : clock.instant()).toEpochMilli());
    }
    return e.toBuilder()
        .topicIdentifier(id)
        .normalized(topic, uuid, occurredAt, data, context)
        .build();
  }

  private static long required(String value, String field, int index, int maxBytes) {
    if (value == null) {
      throw new InvalidEventException(index, field, "is required (was null)");
    }
    if (value.isBlank()) {
      throw new InvalidEventException(index, field, "must not be blank");
    }
    return optional(value, field, index, maxBytes);
  }

  /** The text's size in bytes of UTF-8, checked against {@code maxBytes} and for NUL. */
  private static long optional(String value, String field, int index, int maxBytes) {
    if (value == null) {
      return 0;
    }
    long bytes;
    try {
      bytes = Utf8.length(value);
    } catch (IllegalArgumentException unpaired) {
      throw new InvalidEventException(index, field, unpaired.getMessage());
    }
    if (bytes > maxBytes) {
      throw new InvalidEventException(
          index, field, "must be at most " + maxBytes + " bytes of UTF-8 (was " + bytes + ")");
    }
    if (value.indexOf(0) >= 0) {
      throw new InvalidEventException(index, field, "must not contain NUL characters");
    }
    return bytes;
  }

  /**
   * Keeps times to years 1 to 9999: what ISO-8601 prints with four-digit years and the filter
   * language reads; times far outside would not even fit the stored microseconds.
   */
  private static void checkTime(Instant time, String field, int index) {
    if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
      throw new InvalidEventException(
          index, field, "must be from " + EARLIEST + " to " + LATEST + " (was " + time + ")");
    }
  }
}
