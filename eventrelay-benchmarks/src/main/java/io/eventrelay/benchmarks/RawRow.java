package io.eventrelay.benchmarks;

import java.util.UUID;

/**
 * One row of the raw events table read back into Java values: what the raw keyset read builds for
 * every row, the counterpart of the relay's {@link io.eventrelay.Event}. Times stay the stored
 * microsecond counts.
 */
record RawRow(
    long topicId,
    long offset,
    UUID id,
    String topicIdentifier,
    String name,
    String source,
    String data,
    String context,
    long occurredAt,
    Long availableAt,
    long recordedAt,
    String userKey,
    String anonymousKey,
    String groupKey,
    String referenceKey,
    String traceKey,
    String dataSchema,
    UUID prevId) {}
