package io.eventrelay;

import io.eventrelay.internal.TopicNames;
import io.eventrelay.internal.Uuids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Checks drafts before anything is written and fills in what the relay assigns: topic, identifier,
 * id and occurrence time.
 */
final class EventValidator {
  static final int MAX_KEY_LENGTH = 255;
  static final int MAX_SCHEMA_LENGTH = 2048;

  private final Clock clock;
  private final int maxEventSize;
  private final Uuids uuids = new Uuids();

  EventValidator(Clock clock, int maxEventSize) {
    this.clock = clock;
    this.maxEventSize = maxEventSize;
  }

  /** Validates a whole batch first, so that a bad event leaves nothing written. */
  List<Event> prepareAll(String topic, String identifier, List<Event> drafts) {
    if (drafts == null) {
      throw new IllegalArgumentException("events must not be null");
    }
    if (drafts.isEmpty()) {
      throw new IllegalArgumentException("events must not be empty");
    }
    List<Event> out = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      out.add(prepare(topic, identifier, drafts.get(i), i));
    }
    return out;
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
    size += required(e.name(), "name", index, MAX_KEY_LENGTH);
    size += required(e.source(), "source", index, MAX_KEY_LENGTH);
    String id = e.topicIdentifier().orElse(identifier);
    if (id != null) {
      try {
        TopicNames.checkIdentifier(id);
      } catch (IllegalArgumentException bad) {
        throw new InvalidEventException(index, "topicIdentifier", bad.getMessage());
      }
      size += id.length();
    }
    size += optional(e.userKey().orElse(null), "userKey", index, MAX_KEY_LENGTH);
    size += optional(e.anonymousKey().orElse(null), "anonymousKey", index, MAX_KEY_LENGTH);
    size += optional(e.groupKey().orElse(null), "groupKey", index, MAX_KEY_LENGTH);
    size += optional(e.referenceKey().orElse(null), "referenceKey", index, MAX_KEY_LENGTH);
    size += optional(e.traceKey().orElse(null), "traceKey", index, MAX_KEY_LENGTH);
    size += optional(e.dataSchema().orElse(null), "dataSchema", index, MAX_SCHEMA_LENGTH);
    if (e.dataValue() == null) {
      throw new InvalidEventException(index, "data", "is required (was null)");
    }
    JsonValue data = e.dataValue().checked("data", index, false);
    JsonValue context =
        e.contextValue() == null ? null : e.contextValue().checked("context", index, true);
    size += jsonSize(data.text("data", index), "data", index);
    if (context != null) {
      size += jsonSize(context.text("context", index), "context", index);
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

  private static int required(String value, String field, int index, int max) {
    if (value == null) {
      throw new InvalidEventException(index, field, "is required (was null)");
    }
    if (value.isBlank()) {
      throw new InvalidEventException(index, field, "must not be blank");
    }
    return optional(value, field, index, max);
  }

  private static int optional(String value, String field, int index, int max) {
    if (value == null) {
      return 0;
    }
    if (value.length() > max) {
      throw new InvalidEventException(
          index, field, "must be at most " + max + " characters (was " + value.length() + ")");
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == 0) {
        throw new InvalidEventException(index, field, "must not contain NUL characters");
      }
    }
    return value.length();
  }

  private static long jsonSize(String json, String field, int index) {
    if (json.contains("\\u0000")) {
      throw new InvalidEventException(
          index, field, "must not contain the NUL character (\\u0000); PostgreSQL cannot store it");
    }
    return utf8Length(json);
  }

  private static long utf8Length(String s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }
}
