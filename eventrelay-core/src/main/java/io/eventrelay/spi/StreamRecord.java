package io.eventrelay.spi;

import java.time.Instant;

/**
 * A stream subscription as storage keeps it.
 *
 * @param topic the topic's name
 * @param name the subscription's name
 * @param filter the filter's text, or {@code null} for all events
 * @param committed the cursor: the last offset processed, 0 before any
 * @param owner the consumer holding the lease, or {@code null}
 * @param leaseUntil when the lease expires, or {@code null} when nobody holds it
 * @param createdAt when the subscription was created
 */
public record StreamRecord(
    String topic,
    String name,
    String filter,
    long committed,
    String owner,
    Instant leaseUntil,
    Instant createdAt) {}
