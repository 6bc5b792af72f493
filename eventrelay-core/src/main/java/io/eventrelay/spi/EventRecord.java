package io.eventrelay.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * The stored form of an event, as a storage implementation reads it back: plain columns, with data
 * and context still as JSON text. {@link io.eventrelay.Event#fromRecord(EventRecord)} turns it into
 * an {@link io.eventrelay.Event} that parses its JSON only when asked.
 *
 * <p>The JSON text is trusted: it must be what {@link io.eventrelay.Event#dataJson()} and {@link
 * io.eventrelay.Event#contextJson()} returned when the event was appended.
 *
 * @param contextJson the context object as JSON text, or {@code null} for none
 */
public record EventRecord(
    UUID id,
    String topic,
    String topicIdentifier,
    long offset,
    String name,
    String source,
    String dataJson,
    String contextJson,
    Instant occurredAt,
    Instant availableAt,
    Instant recordedAt,
    String userKey,
    String anonymousKey,
    String groupKey,
    String referenceKey,
    String traceKey,
    String dataSchema,
    UUID prevId) {}
